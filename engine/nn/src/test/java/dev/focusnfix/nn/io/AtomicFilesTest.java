package dev.focusnfix.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path folder;

    @Test
    void replacesTheFileAndLeavesNoTemporaryBehind() throws Exception {
        Path target = folder.resolve("sub/report.html");
        AtomicFiles.writeString(target, "first");
        AtomicFiles.writeString(target, "second é");
        assertEquals("second é", Files.readString(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
        if (Files.getFileStore(target).supportsFileAttributeView(PosixFileAttributeView.class)) {
            assertEquals(
                    "rw-r--r--",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(target)),
                    "readable like any file, not private like a temporary one");
        }
    }
}
