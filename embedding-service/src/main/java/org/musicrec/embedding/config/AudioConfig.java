package org.musicrec.embedding.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Background work: model sync, audio jobs, vector index refresh. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AudioConfig {
}
