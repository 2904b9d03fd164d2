package org.musicrec.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service reads from its environment, taken from its application.yml: every {@code ${NAME:default}}
 * placeholder, and the application name (which must equal the module, image and k8s name).
 */
record AppConfig(String name, Map<String, String> envDefaults) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}$]*))?");
    private static final Pattern APPLICATION_NAME = Pattern.compile("(?m)^  application:\\s*\\n\\s+name:\\s*(\\S+)");

    static AppConfig load(Path repo, String module) {
        Path file = repo.resolve(module).resolve("src/main/resources/application.yml");
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher name = APPLICATION_NAME.matcher(text);
        if (!name.find()) {
            throw new IllegalStateException("no spring.application.name in " + file);
        }
        Map<String, String> env = new LinkedHashMap<>();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            env.putIfAbsent(placeholder.group(1), placeholder.group(2) == null ? "" : placeholder.group(2));
        }
        return new AppConfig(name.group(1), env);
    }

    boolean reads(String variable) {
        return envDefaults.containsKey(variable);
    }

    /** The HTTP port the service listens on with this environment. */
    int serverPort(Map<String, String> env) {
        String port = env.getOrDefault("SERVER_PORT", envDefaults.get("SERVER_PORT"));
        if (port == null || port.isBlank()) {
            throw new IllegalStateException(name + " has no SERVER_PORT default");
        }
        return Integer.parseInt(port.strip());
    }
}
