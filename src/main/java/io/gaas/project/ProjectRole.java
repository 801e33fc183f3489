package io.gaas.project;

/** A member's role in a project: managers approve members' jobs and manage plain members. */
public enum ProjectRole {
    MEMBER, MANAGER
}
