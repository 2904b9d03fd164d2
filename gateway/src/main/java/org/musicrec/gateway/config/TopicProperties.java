package org.musicrec.gateway.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The topic the gateway publishes listening events to. */
@Validated
@ConfigurationProperties("musicrec.topics")
public record TopicProperties(@NotBlank String listeningEvents, @Min(1) int partitions) {
}
