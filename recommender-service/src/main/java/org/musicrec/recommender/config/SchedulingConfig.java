package org.musicrec.recommender.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Background refreshes (popularity, catalogue copy). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfig {
}
