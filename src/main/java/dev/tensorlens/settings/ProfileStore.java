package dev.tensorlens.settings;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tensorlens.redis.ConnectionProfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The saved profiles, with remembered passwords filled in; empty when none were saved yet. */
    public List<ConnectionProfile> load() throws IOException {
        if (!Files.exists(profilesFile)) {
            return List.of();
        }
        ProfilesFile file;
        try {
            file = JsonFiles.MAPPER.readValue(profilesFile.toFile(), ProfilesFile.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("The saved profiles in " + profilesFile + " could not be read: "
                    + e.getOriginalMessage(), e);
        }
        Map<String, String> passwords = loadPasswords();
        List<ConnectionProfile> profiles = new ArrayList<>();
        for (ConnectionProfile p : file.profiles() == null ? List.<ConnectionProfile>of() : file.profiles()) {
            profiles.add(p.rememberPassword() ? p.withPassword(passwords.get(p.id())) : p);
        }
        return profiles;
    }

    private Map<String, String> loadPasswords() throws IOException {
        if (!Files.exists(credentialsFile)) {
            return Map.of();
        }
        return JsonFiles.MAPPER.readValue(credentialsFile.toFile(), new TypeReference<LinkedHashMap<String, String>>() { });
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
