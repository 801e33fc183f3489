package io.gaas.quota;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * An amount of hours: at most 2 decimal places and at most 100000 in size; positive unless
 * {@link #signed()} (then anything but zero), or zero allowed with {@link #allowZero()}.
 * A {@code null} passes: pair it with {@code @NotNull} where the value is required.
 */
@Documented
@Constraint(validatedBy = HoursAmount.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface HoursAmount {

    String message() default "";

    boolean signed() default false;

    boolean allowZero() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<HoursAmount, BigDecimal> {

        private boolean signed;
        private boolean allowZero;

        @Override
        public void initialize(HoursAmount annotation) {
            this.signed = annotation.signed();
            this.allowZero = annotation.allowZero();
        }

        @Override
        public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            String problem = problemWith(value);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }

        private String problemWith(BigDecimal value) {
            if (value.abs().compareTo(Hours.MAX_AMOUNT) > 0) {
                return "must be at most " + Hours.MAX_AMOUNT.toPlainString() + " in size";
            }
            if (!Hours.hasAtMostTwoDecimals(value)) {
                return "must have at most 2 decimal places";
            }
            int sign = value.signum();
            if (sign == 0 && !allowZero) {
                return signed ? "must not be zero" : "must be greater than 0";
            }
            if (sign < 0 && !signed) {
                return allowZero ? "must be 0 or more" : "must be greater than 0";
            }
            return null;
        }
    }
}
