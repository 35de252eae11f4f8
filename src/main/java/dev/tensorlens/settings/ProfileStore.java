package dev.tensorlens.settings;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tensorlens.redis.ConnectionProfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saved connection profiles: {@code profiles.json} in the config folder holds them without passwords;
 * {@code credentials.json}, readable by the user alone, holds the passwords of profiles whose
 * "remember password" is ticked, and nothing else.
 */
public final class ProfileStore {

    /** The file layout, versioned so later releases can migrate it. */
    record ProfilesFile(int version, List<ConnectionProfile> profiles) {
    }

    private static final DateTimeFormatter DAMAGED_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path profilesFile;
    private final Path credentialsFile;

    public ProfileStore(AppDirs dirs) {
        this.profilesFile = dirs.config().resolve("profiles.json");
        this.credentialsFile = dirs.config().resolve("credentials.json");
    }

    public Path profilesFile() {
        return profilesFile;
    }

    public Path credentialsFile() {
        return credentialsFile;
    }

    /**
     * What {@link #load()} found: the profiles, and sentences about anything it had to set aside. A damaged
     * file is never read past nor overwritten: it is renamed to {@code <name>.damaged-<time>} and kept.
     */
    public record Loaded(List<ConnectionProfile> profiles, List<String> warnings) {
    }

    /** The saved profiles, with remembered passwords filled in; empty when none were saved yet. */
    public Loaded load() {
        List<String> warnings = new ArrayList<>();
        List<ConnectionProfile> saved = List.of();
        if (Files.exists(profilesFile)) {
            try {
                ProfilesFile file = JsonFiles.MAPPER.readValue(profilesFile.toFile(), ProfilesFile.class);
                saved = file.profiles() == null ? List.of() : file.profiles();
            } catch (IOException e) {
                warnings.add("The saved profiles could not be read (" + JsonFiles.describe(e) + "). "
                        + setAside(profilesFile) + " New profiles start from an empty list.");
            }
        }
        Map<String, String> passwords = Map.of();
        if (Files.exists(credentialsFile)) {
            try {
                passwords = JsonFiles.MAPPER.readValue(credentialsFile.toFile(),
                        new TypeReference<LinkedHashMap<String, String>>() { });
            } catch (IOException e) {
                warnings.add("The remembered passwords could not be read (" + JsonFiles.describe(e) + "). "
                        + setAside(credentialsFile) + " Profiles open without their passwords.");
            }
        }
        List<ConnectionProfile> profiles = new ArrayList<>();
        for (ConnectionProfile p : saved) {
            profiles.add(p.rememberPassword() ? p.withPassword(passwords.get(p.id())) : p);
        }
        return new Loaded(profiles, warnings);
    }

    /** Renames a damaged file out of the way, so the next save cannot destroy what it still holds. */
    private static String setAside(Path file) {
        Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + DAMAGED_STAMP.format(LocalDateTime.now()));
        try {
            Files.move(file, aside);
            return "It was kept as " + aside.getFileName() + ".";
        } catch (IOException e) {
            return "It could not be set aside (" + e.getMessage() + ") and will be replaced on the next save.";
        }
    }

    /** Replaces the saved profiles. Passwords are written only for profiles that ask to remember them. */
    public void save(List<ConnectionProfile> profiles) throws IOException {
        List<ConnectionProfile> withoutPasswords = new ArrayList<>();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (ConnectionProfile p : profiles) {
            withoutPasswords.add(p.withoutPassword());
            if (p.rememberPassword() && p.password() != null) {
                passwords.put(p.id(), p.password());
            }
        }
        JsonFiles.write(profilesFile, new ProfilesFile(1, withoutPasswords), false);
        if (passwords.isEmpty()) {
            Files.deleteIfExists(credentialsFile);
        } else {
            JsonFiles.write(credentialsFile, passwords, true);
        }
    }
}
