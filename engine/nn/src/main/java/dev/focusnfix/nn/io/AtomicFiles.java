package dev.focusnfix.nn.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that neither a reader nor a crash ever sees half of one: the content goes to a temporary file in
 * the target's folder, is forced to disk, gets the permissions of an ordinary file and is then renamed over the
 * target (atomically where the file system allows).
 */
public final class AtomicFiles {

    /** Writes content to a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes the content; the stream is buffered and closed by the caller. */
        void writeTo(OutputStream out) throws IOException;
    }

    private static final int BUFFER_BYTES = 1 << 20;

    /**
     * Test hook for crash-safety tests: when this system property equals a target's file name, the JVM halts (as
     * {@code kill -9} would end it) once {@value #HALT_AFTER_BYTES} bytes of that file are on disk, before the write
     * completes and before the rename. Never set outside tests.
     */
    public static final String HALT_PROPERTY = "focusnfix.test.haltWhileWriting";

    private static final int HALT_AFTER_BYTES = 4096;

    private AtomicFiles() {}

    /** Replaces {@code target} with {@code content}, creating the parent folders. */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                OutputStream out =
                        new BufferedOutputStream(haltHook(absolute, Channels.newOutputStream(channel)), BUFFER_BYTES);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            copyPermissions(absolute, temporary);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static OutputStream haltHook(Path target, OutputStream out) {
        if (!target.getFileName().toString().equals(System.getProperty(HALT_PROPERTY))) {
            return out;
        }
        return new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int first = (int) Math.min(len, Math.max(0, HALT_AFTER_BYTES - written));
                out.write(b, off, first);
                written += first;
                if (written >= HALT_AFTER_BYTES) {
                    out.flush();
                    Runtime.getRuntime().halt(137);
                }
                out.write(b, off + first, len - first);
                written += len - first;
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }
        };
    }

    /** Replaces {@code target} with {@code bytes}, creating the parent folders. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Replaces {@code target} with {@code text} as UTF-8, creating the parent folders. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A temporary file is private to its owner (rw-------); what we write is meant to be read by others, so the file
     * gets the permissions of the file it replaces, or rw-r--r-- if new. No-op on file systems without POSIX
     * permissions.
     */
    private static void copyPermissions(Path target, Path temporary) throws IOException {
        if (!Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(temporary, permissions);
    }
}
