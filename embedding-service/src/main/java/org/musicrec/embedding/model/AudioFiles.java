package org.musicrec.embedding.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Finds audio files under directories for the command-line tools, and keeps evaluation-only music out of training. */
final class AudioFiles {

    private AudioFiles() {
    }

    private static final Set<String> EXTENSIONS = Set.of("ogg", "oga", "opus", "mp3", "flac", "wav", "m4a", "aac");

    /** Debian packages whose music is held back for evaluation on unseen tracks. */
    static final List<String> RESERVED_FOR_EVALUATION = List.of("hyperrogue", "openclonk", "singularity");

    static Path musicHome() {
        String home = System.getenv("MUSICREC_HOME");
        return home != null && !home.isBlank() ? Paths.get(home) : Paths.get(System.getProperty("user.home"), ".musicrec");
    }

    static List<Path> find(List<Path> roots) {
        return roots.stream().flatMap(AudioFiles::walk).sorted().distinct().toList();
    }

    private static Stream<Path> walk(Path root) {
        if (Files.isRegularFile(root)) return Stream.of(root);
        if (!Files.isDirectory(root)) throw new IllegalArgumentException("no such file or directory: " + root);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(AudioFiles::isAudio).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isAudio(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static boolean reservedForEvaluation(Path file) {
        String path = file.toString().toLowerCase(Locale.ROOT);
        return RESERVED_FOR_EVALUATION.stream().anyMatch(path::contains);
    }

    /** SHA-256 over file names and sizes: changes when the training set changes. */
    static String fingerprint(List<Path> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                digest.update((f.getFileName() + ":" + Files.size(f) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String trackName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
