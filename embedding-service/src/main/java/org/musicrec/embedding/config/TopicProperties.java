package org.musicrec.embedding.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Kafka topic names this service writes. */
@Validated
@ConfigurationProperties("musicrec.topics")
public record TopicProperties(@NotBlank String tracks, @NotBlank String trackEmbeddings, @Min(1) int partitions) {
}
