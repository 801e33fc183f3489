package io.gaas.quota;

/** Whose hours an account holds: a user's own, or a project's that its members spend. */
public enum AccountType {
    USER, PROJECT
}
