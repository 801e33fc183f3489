package io.gaas.job;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A job's command: 1..64 strings of 1..4096 characters, none with a NUL (which no process argument
 * can hold). A {@code null} command passes: the job is run by hand. Errors name the field itself.
 */
@Documented
@Constraint(validatedBy = Command.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@interface Command {

    int MAX_ARGUMENTS = 64;
    int MAX_ARGUMENT_LENGTH = 4096;

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<Command, List<String>> {

        @Override
        public boolean isValid(List<String> command, ConstraintValidatorContext context) {
            if (command == null) {
                return true;
            }
            String problem = problemWith(command);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }

        static String problemWith(List<String> command) {
            if (command.isEmpty() || command.size() > MAX_ARGUMENTS) {
                return "must have 1.." + MAX_ARGUMENTS + " arguments";
            }
            for (String argument : command) {
                if (argument == null) {
                    return "must not contain null";
                }
                if (argument.isEmpty() || argument.length() > MAX_ARGUMENT_LENGTH) {
                    return "arguments must be 1.." + MAX_ARGUMENT_LENGTH + " characters";
                }
                if (argument.indexOf('\u0000') >= 0) {
                    return "arguments must not contain NUL characters";
                }
            }
            return null;
        }
    }
}
