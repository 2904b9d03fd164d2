package org.musicrec.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** A model directory packed as zip bytes for the registry, and unpacked again safely. */
public final class ModelArchive {

    /** Unpacked models larger than this are refused (a zip bomb is not a model). */
    static final long MAX_UNPACKED_BYTES = 2L * 1024 * 1024 * 1024;

    private ModelArchive() {
    }

    public static byte[] pack(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(dir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Unpacks into a new directory under {@code parent}; entries that would escape it are refused. */
    public static Path unpack(byte[] archive, Path parent) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "model-");
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            ZipEntry entry;
            boolean any = false;
            while ((entry = zip.getNextEntry()) != null) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("archive entry '" + entry.getName() + "' points outside the model directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                total += copyLimited(zip, target, MAX_UNPACKED_BYTES - total);
                any = true;
            }
            if (!any) {
                throw new IOException("the archive holds no files");
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dir);
            throw e instanceof IOException io ? io : new IOException("the archive is not a readable zip: " + e.getMessage(), e);
        }
        return dir;
    }

    private static long copyLimited(InputStream in, Path target, long budget) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        try (var out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                written += n;
                if (written > budget) {
                    throw new IOException("the archive unpacks to more than " + MAX_UNPACKED_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return written;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a directory tree, ignoring failures (temporary model copies). */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // temporary files; the OS cleans the temp folder eventually
        }
    }
}
