package io.gaas;

import java.util.Arrays;

import io.gaas.runner.WorkerMain;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

// No in-memory user store: every user lives in the database and authenticates with a JWT.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class GaasApplication {

    /** {@code java -jar gaas.jar worker ...} runs the reference worker, a plain program without Spring. */
    public static void main(String[] args) {
        if (args.length > 0 && "worker".equals(args[0])) {
            WorkerMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(GaasApplication.class, args);
    }
}
