package org.musicrec.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.musicrec.gateway.config.AuthProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The first admin key: at start, when the bootstrap file does not hold a working admin key, a new one is created
 * and written there (mode 600), and earlier bootstrap keys are revoked. With that key an operator creates the
 * other keys through {@code POST /api/v1/admin/api-keys}. An empty file setting switches this off.
 */
@Component
class AdminKeyBootstrap implements ApplicationRunner {

    static final String NAME = "bootstrap-admin";
    private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);

    private final ApiKeys keys;
    private final AuthProperties properties;

    AdminKeyBootstrap(ApiKeys keys, AuthProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        Path file = properties.bootstrapKeyFile();
        if (file == null || file.toString().isBlank()) {
            return;
        }
        Optional<String> onFile = Files.isReadable(file)
                ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).trim()) : Optional.empty();
        Optional<ApiKeys.Created> created = keys.bootstrapAdmin(NAME, onFile);
        if (created.isPresent()) {
            DevSecret.replacePrivate(file, created.get().secret());
            log.info("created the admin API key {} and wrote it to {}", created.get().key().prefix(),
                    file.toAbsolutePath());
        } else {
            log.info("admin API key in {} is valid", file.toAbsolutePath());
        }
    }
}
