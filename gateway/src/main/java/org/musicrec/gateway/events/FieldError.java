package org.musicrec.gateway.events;

/** One broken rule of a request, naming the field by its JSON path. */
public record FieldError(String field, String message) {
}
