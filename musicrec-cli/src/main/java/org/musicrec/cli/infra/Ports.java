package org.musicrec.cli.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/** TCP checks on 127.0.0.1. */
public final class Ports {

    private Ports() {
    }

    public static boolean open(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the port answers or the process died or the timeout passed. */
    public static boolean await(String host, int port, Duration timeout, ProcessHandle process) {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (open(host, port)) {
                return true;
            }
            if (process != null && !process.isAlive()) {
                return false;
            }
            sleep(300);
        }
        return false;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
