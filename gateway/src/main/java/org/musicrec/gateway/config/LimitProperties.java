package org.musicrec.gateway.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Largest request bodies the gateway lets through, per kind of route. */
@Validated
@ConfigurationProperties("musicrec.limits")
public record LimitProperties(@NotNull DataSize defaultBody, @NotNull DataSize eventsBody,
                              @NotNull DataSize audioBody) {
}
