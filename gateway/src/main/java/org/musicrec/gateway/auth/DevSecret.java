package org.musicrec.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Development secrets kept in files outside the repository, created on first use and readable by the owner only. */
final class DevSecret {

    private DevSecret() {
    }

    /** The base64 secret in {@code file}, creating it with 32 random bytes when it does not exist. */
    static byte[] readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                try {
                    writePrivate(file, Base64.getEncoder().encodeToString(secret));
                } catch (FileAlreadyExistsException raced) {
                    // another replica wrote it first: use theirs
                }
            }
            return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or create the secret " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code content} to a new file with mode 600, failing if the file already exists. */
    static void writePrivate(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".secret", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the temp file is private to the user already
            }
            Files.writeString(tmp, content + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Replaces {@code file} with {@code content}, mode 600. */
    static void replacePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        writePrivate(file, content);
    }
}
