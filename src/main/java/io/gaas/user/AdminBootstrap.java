package io.gaas.user;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import io.gaas.web.ApiException;

/**
 * Creates the configured first admin at start when absent. An existing account of that name is
 * left exactly as it is: configuration can never promote a user or reset a password.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AdminProperties properties;
    private final UserService users;

    AdminBootstrap(AdminProperties properties, UserService users) {
        this.properties = properties;
        this.users = users;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.isComplete()) {
            return;
        }
        String username = Usernames.canonical(properties.username().strip());
        if (!username.matches(Usernames.PATTERN)) {
            throw new IllegalStateException("GAAS_ADMIN_USERNAME must be 3..32 characters of A-Z a-z 0-9 _ . -");
        }
        if (Usernames.isReserved(username)) {
            throw new IllegalStateException("GAAS_ADMIN_USERNAME must not be '" + Usernames.SYSTEM
                    + "': that name stands for the service itself");
        }
        if (properties.password().length() < Passwords.MIN_LENGTH
                || properties.password().length() > Passwords.MAX_LENGTH) {
            throw new IllegalStateException("GAAS_ADMIN_PASSWORD must be 8..128 characters");
        }
        if (users.findByUsername(username).isPresent()) {
            log.warn("The configured admin '{}' already exists: left as it is (no promotion, no password reset)",
                    username);
            return;
        }
        try {
            users.create(username, properties.password(), Role.ADMIN, username, null);
            log.info("Created the configured admin '{}'", username);
        }
        catch (ApiException takenMeanwhile) {
            // Another replica created it at the same moment: same outcome.
            log.warn("The configured admin '{}' was created concurrently: left as it is", username);
        }
    }
}
