package org.musicrec.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.musicrec.cli.hetrec.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * The credentials of the demo, kept under {@code MUSICREC_HOME} (mode 600, never in the repository): the admin
 * key the gateway wrote at its first start, a trusted key for the importer, an app key and a user token for
 * trying the API as a mobile client would. Keys are created once through the gateway's admin API and reused.
 */
public final class DemoKeys {

    /** What the demo works with. */
    public record Keys(String admin, String importer, String app, Path home) {
        public Path userTokenFile(String userId) {
            return home.resolve("demo").resolve(userId + ".jwt");
        }
    }

    public static final String IMPORTER_FILE = "demo/importer-api-key";
    public static final String APP_FILE = "demo/app-api-key";
    public static final String ADMIN_FILE = "gateway/admin-api-key";

    private DemoKeys() {
    }

    /** Reads or creates the demo's keys; {@code importerOverride} (from --api-key) replaces the importer key. */
    public static Keys ensure(URI gateway, Path home, String importerOverride) throws IOException, InterruptedException {
        Path adminFile = home.resolve(ADMIN_FILE);
        if (!Files.isReadable(adminFile)) {
            throw new IllegalStateException(adminFile + " is missing: the gateway writes its admin key there at start"
                    + " (is it running with another MUSICREC_HOME? see GATEWAY_BOOTSTRAP_KEY_FILE)");
        }
        String admin = Files.readString(adminFile, StandardCharsets.US_ASCII).trim();
        ApiClient adminApi = new ApiClient(gateway, admin);
        String importer = importerOverride != null && !importerOverride.isBlank() ? importerOverride.trim()
                : keyOnFile(adminApi, gateway, home.resolve(IMPORTER_FILE), "demo-importer", "trusted");
        String app = keyOnFile(adminApi, gateway, home.resolve(APP_FILE), "demo-mobile-app", "app");
        return new Keys(admin, importer, app, home);
    }

    /** A fresh user JWT from the gateway (development mode), also written to {@code <home>/demo/<user>.jwt}. */
    public static String userToken(Keys keys, URI gateway, String userId, String ttl)
            throws IOException, InterruptedException {
        ApiClient adminApi = new ApiClient(gateway, keys.admin());
        ApiClient.Reply reply = adminApi.post("/api/v1/admin/tokens", Map.of("userId", userId, "ttl", ttl));
        if (!reply.ok()) {
            throw new IOException("the gateway issued no token for " + userId + ": " + reply.status() + " "
                    + reply.body());
        }
        String token = adminApi.json().readTree(reply.body()).get("token").asString();
        writePrivate(keys.userTokenFile(userId), token);
        return token;
    }

    private static String keyOnFile(ApiClient adminApi, URI gateway, Path file, String name, String role)
            throws IOException, InterruptedException {
        if (Files.isReadable(file)) {
            String key = Files.readString(file, StandardCharsets.US_ASCII).trim();
            // a key from an earlier run counts only while the gateway still knows it (the database may be new)
            if (new ApiClient(gateway, key).get("/api/v1/tracks/demo-key-check").status() != 401) {
                return key;
            }
        }
        ApiClient.Reply reply = adminApi.post("/api/v1/admin/api-keys", Map.of("name", name, "roles", List.of(role)));
        if (reply.status() != 201) {
            throw new IOException("the gateway did not create the " + name + " key: " + reply.status() + " "
                    + reply.body());
        }
        JsonNode created = adminApi.json().readTree(reply.body());
        String key = created.get("key").asString();
        writePrivate(file, key);
        return key;
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: keep the default
        }
        Files.writeString(file, content + "\n", StandardCharsets.US_ASCII);
    }
}
