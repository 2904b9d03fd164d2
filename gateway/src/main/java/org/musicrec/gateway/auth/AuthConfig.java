package org.musicrec.gateway.auth;

import org.musicrec.gateway.config.AuthProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The token verifier, built once from configuration (reads or creates the development secret). */
@Configuration(proxyBeanMethods = false)
class AuthConfig {

    @Bean
    UserTokens userTokens(AuthProperties properties) {
        return UserTokens.of(properties.jwt());
    }
}
