package org.musicrec.gateway.events;

import java.util.List;

/** The batch breaks the contract; nothing of it was published. */
public class InvalidEventsException extends RuntimeException {

    private final List<FieldError> errors;

    InvalidEventsException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s), nothing was accepted");
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
