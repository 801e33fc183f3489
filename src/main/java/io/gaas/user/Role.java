package io.gaas.user;

public enum Role {
    USER, ADMIN
}
