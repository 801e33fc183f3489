package io.gaas.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The one rule for every text field of the API: text that every supported database stores exactly
 * as sent, of {@link #min()}..{@link #max()} characters. PostgreSQL refuses NUL (H2 stores it), and
 * an unpaired UTF-16 surrogate is not text at all (a UTF-8 encoder silently turns it into '?'), so
 * both are refused. Length counts characters (Unicode code points), as API.md does: an emoji is one.
 * A {@code null} passes: pair it with {@code @NotNull} where the value is required.
 */
@Documented
@Constraint(validatedBy = StorableText.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface StorableText {

    String message() default "";

    int min() default 0;

    int max() default Integer.MAX_VALUE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<StorableText, String> {

        private int min;
        private int max;

        @Override
        public void initialize(StorableText annotation) {
            this.min = annotation.min();
            this.max = annotation.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            String problem = TextRule.problemWith(value, min, max);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }
    }
}
