package org.musicrec.gateway.config;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Background refreshes (the fallback's popular list). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfig {
}
