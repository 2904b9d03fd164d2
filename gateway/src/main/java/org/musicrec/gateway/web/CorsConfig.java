package org.musicrec.gateway.web;

import java.util.List;
import org.musicrec.gateway.config.CorsProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for web clients, as a filter ahead of authentication so that a browser's preflight (which carries no
 * credentials) is answered instead of refused.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfig {

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(CorsProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(properties.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-API-Key", "X-Correlation-Id"));
        cors.setExposedHeaders(List.of("X-Correlation-Id", "Retry-After", "X-Fallback"));
        cors.setMaxAge(properties.maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new ProblemCorsProcessor());
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** Refuses a request from an origin that is not allowed with a 403 problem+json, like every other refusal. */
    static final class ProblemCorsProcessor extends org.springframework.web.cors.DefaultCorsProcessor {
        @Override
        protected void rejectRequest(org.springframework.http.server.ServerHttpResponse response)
                throws java.io.IOException {
            response.setStatusCode(org.springframework.http.HttpStatus.FORBIDDEN);
            response.getHeaders().setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
            response.getBody().write(("{\"type\":\"/problems/forbidden\",\"title\":\"Forbidden\",\"status\":403,"
                    + "\"detail\":\"this origin may not call the API from a browser (CORS_ALLOWED_ORIGINS)\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            response.flush();
        }
    }
}
