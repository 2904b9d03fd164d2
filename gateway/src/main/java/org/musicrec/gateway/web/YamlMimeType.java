package org.musicrec.gateway.web;

import java.util.Map;
import org.springframework.boot.web.server.MimeMappings;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.stereotype.Component;

/** The OpenAPI document ({@code /openapi/gateway.yaml}) is served as {@code application/yaml}, not octet-stream. */
@Component
class YamlMimeType implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> {

    @Override
    public void customize(ConfigurableServletWebServerFactory factory) {
        factory.addMimeMappings(new MimeMappings(Map.of("yaml", "application/yaml", "yml", "application/yaml")));
    }
}
