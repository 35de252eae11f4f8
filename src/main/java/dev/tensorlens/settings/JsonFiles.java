package dev.tensorlens.settings;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Reading and writing the small JSON files of the config folder, atomically. */
final class JsonFiles {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // files written by a newer version must still open
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JsonFiles() {
    }

    /** Why a file did not parse, in a few words: {@code not valid JSON at line 3, column 7}. */
    static String describe(IOException e) {
        if (e instanceof JacksonException je && je.getLocation() != null) {
            return "not valid JSON at line " + je.getLocation().getLineNr() + ", column " + je.getLocation().getColumnNr();
        }
        return e.getMessage();
    }

    /**
     * Writes {@code value} to a temporary file beside {@code target}, then moves it over the target, so a crash
     * never leaves half a file. With {@code ownerOnly} the file is readable by its owner alone (POSIX 0600)
     * from the moment it exists.
     */
    static void write(Path target, Object value, boolean ownerOnly) throws IOException {
        Files.createDirectories(target.getParent());
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = ownerOnly && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp", attrs);
        try {
            MAPPER.writeValue(tmp.toFile(), value);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
