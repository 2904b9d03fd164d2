package org.musicrec.support.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.beans.PropertyEditorSupport;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Query and path parameters are read strictly, like JSON bodies ({@link StrictJson}): a whole number is ASCII digits
 * with an optional minus sign (not {@code 0x10}, {@code #10}, {@code +5}, {@code " 5"} or digits of other scripts,
 * which the default conversion quietly accepts); a boolean is {@code true} or {@code false} (not {@code yes},
 * {@code on} or {@code 1}); a UUID is the canonical 8-4-4-4-12 hex form (not {@code 1-1-1-1-1}); and a parameter
 * may be given once (a repeated one is not joined with commas or cut to its first value). Each is a 400 naming the
 * parameter (an empty value too: {@code ?limit=} is not "the default"). Import it into a service's application
 * class.
 */
@ControllerAdvice
public class StrictParameters implements WebMvcConfigurer {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,19}");
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** A query parameter that came more than once. */
    public static final class RepeatedParameterException extends RuntimeException {
        private final String name;
        private final int times;

        RepeatedParameterException(String name, int times) {
            super(name + ": given " + times + " times; give it once");
            this.name = name;
            this.times = times;
        }

        public String name() {
            return name;
        }

        public int times() {
            return times;
        }
    }

    /** Parses a whole number as the API writes it; anything else is an {@link IllegalArgumentException}. */
    public static int wholeNumber(String value) {
        long number = longNumber(value);
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("out of range: " + value);
        }
        return (int) number;
    }

    public static long longNumber(String value) {
        if (value == null || !WHOLE_NUMBER.matcher(value).matches()) {
            throw new IllegalArgumentException("not a whole number: " + value);
        }
        return Long.parseLong(value);
    }

    /** {@code true} or {@code false}, in any case; anything else is an {@link IllegalArgumentException}. */
    public static boolean bool(String value) {
        return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not true or false: " + value);
        };
    }

    public static UUID uuid(String value) {
        if (value == null || !CANONICAL_UUID.matcher(value).matches()) {
            throw new IllegalArgumentException("not a UUID: " + value);
        }
        return UUID.fromString(value);
    }

    /**
     * Registers the strict readers for every binding of a request (query and path parameters). They are property
     * editors, not converters: the binder falls back from a failed conversion to its default editors, which accept
     * hex and spaces, so a stricter converter alone would change nothing.
     */
    @InitBinder
    public void strictReaders(WebDataBinder binder) {
        register(binder, StrictParameters::wholeNumber, int.class, Integer.class);
        register(binder, StrictParameters::longNumber, long.class, Long.class);
        register(binder, StrictParameters::bool, boolean.class, Boolean.class);
        register(binder, StrictParameters::uuid, UUID.class);
    }

    private static void register(WebDataBinder binder, Function<String, Object> reader, Class<?>... types) {
        for (Class<?> type : types) {
            binder.registerCustomEditor(type, new PropertyEditorSupport() {
                @Override
                public void setAsText(String text) {
                    setValue(reader.apply(text));
                }
            });
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(singleValued());
    }

    /** Refuses a request that gives any query parameter more than once. */
    public static HandlerInterceptor singleValued() {
        return new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                    if (parameter.getValue().length > 1) {
                        throw new RepeatedParameterException(parameter.getKey(), parameter.getValue().length);
                    }
                }
                return true;
            }
        };
    }
}
