package dev.tensorlens.mlstate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds models, their versions, cached arrays and dataset splits in a key listing, from names, types and hash
 * fields alone (no values are read: the decoders look at bytes later). The rules follow how Python users lay
 * state out; docs/STORAGE.md lists the layouts this reads best.
 *
 * <p>Everything else in the listing is simply not claimed: a key the rules do not recognise stays a plain key.
 */
public final class LayoutRecognizer {

    private static final String CURRENT = "current";

    /** Models are grouped by where they live, their layout and variant. */
    private record ModelGroup(String prefix, ModelLayout layout, String variant) {
    }

    public MlStateIndex recognize(Collection<KeyEntry> listing) {
        Map<ModelGroup, Map<String, List<TensorRef>>> models = new LinkedHashMap<>();
        Map<String, KeyEntry> versionIndexes = new HashMap<>();
        SplitGroups splits = new SplitGroups();
        List<CachedArray> cached = new ArrayList<>();

        for (KeyEntry entry : listing) {
            String[] segments = KeyNames.segments(entry.key());
            String last = segments[segments.length - 1];
            if (entry.type() == RedisType.ZSET && segments.length > 1
                    && KeyNames.VERSION_INDEX_NAMES.contains(last.toLowerCase(Locale.ROOT))) {
                versionIndexes.put(entry.key().substring(0, entry.key().length() - last.length() - 1), entry);
                continue;
            }
            if (entry.type() == RedisType.SET || entry.type() == RedisType.ZSET) {
                splits.add(entry); // a sorted set of ids is a split whose scores weight the sampling
                continue;
            }
            if (entry.type() == RedisType.LIST) {
                if (KeyNames.hasCacheWord(segments)) {
                    cached.add(CachedArray.wholeKey(entry.key(), RedisType.LIST)); // encoded samples, or names
                }
                continue;
            }
            if (entry.type() != RedisType.STRING && entry.type() != RedisType.HASH) {
                continue;
            }
            int versionAt = lastVersionSegment(segments);
            if (versionAt > 0) {
                addVersioned(models, entry, segments, versionAt);
            } else {
                addUnversioned(models, cached, entry, segments);
            }
        }
        return new MlStateIndex(toModels(models, versionIndexes), splits.datasets(), cached);
    }

    /**
     * Whether a key's name and type alone can put it in what {@link #recognize} finds: a versioned string or hash, a
     * cached or tensor-named string, a {@code params}/{@code state_dict} hash, a hash or list with a cache word in its
     * name, a split-named set or sorted set, a versions zset. A
     * hash that passes neither test still counts when it has both {@code dtype} and {@code shape} fields (a cached
     * raw array), which only its fields tell: see {@link #isRawArrayHash}. A catalogue of a big keyspace fetches
     * fields for these keys alone, and the listing it recognises is the same as if it had kept every key.
     */
    public static boolean claimsByName(String key, RedisType type) {
        return claimsByName(key, KeyNames.segments(key), type);
    }

    /**
     * Whether the rules could claim a key of this name were it a string, a list, a set or a sorted set: the keys of a
     * walk whose type is worth asking. The name is split once for the four.
     */
    public static boolean claimsByNameAsNonHash(String key) {
        String[] segments = KeyNames.segments(key);
        return claimsByName(key, segments, RedisType.STRING) || claimsByName(key, segments, RedisType.LIST)
                || claimsByName(key, segments, RedisType.SET) || claimsByName(key, segments, RedisType.ZSET);
    }

    private static boolean claimsByName(String key, String[] segments, RedisType type) {
        String last = segments[segments.length - 1];
        return switch (type) {
            case SET -> SplitGroups.namesSplit(key);
            case ZSET -> isVersionIndex(segments) || SplitGroups.namesSplit(key);
            case STRING -> lastVersionSegment(segments) > 0 || KeyNames.hasCacheWord(segments)
                    || (segments.length > 1 && KeyNames.TENSOR_NAME.matcher(last).matches());
            case HASH -> lastVersionSegment(segments) > 0 || namesParams(key, last) || KeyNames.hasCacheWord(segments);
            case LIST -> KeyNames.hasCacheWord(segments);
            default -> false;
        };
    }

    /**
     * Whether a sorted set of this name lists a model's versions ({@code model:x:versions}) rather than being a
     * weighted split: the catalogue reads a versions set's members, and only sizes a split.
     */
    public static boolean isVersionIndex(String key) {
        return isVersionIndex(KeyNames.segments(key));
    }

    private static boolean isVersionIndex(String[] segments) {
        return segments.length > 1
                && KeyNames.VERSION_INDEX_NAMES.contains(segments[segments.length - 1].toLowerCase(Locale.ROOT));
    }

    /** A hash with {@code dtype} and {@code shape} fields holds raw arrays whatever its name. */
    public static boolean isRawArrayHash(Collection<String> fields) {
        return fields.contains("dtype") && fields.contains("shape");
    }

    /** {@code model_params}, {@code model:x:params}, {@code net_state_dict}: one model's JSON parameters. */
    private static boolean namesParams(String key, String last) {
        return last.toLowerCase(Locale.ROOT).contains("params") || key.toLowerCase(Locale.ROOT).endsWith("state_dict");
    }

    private static int lastVersionSegment(String[] segments) {
        for (int i = segments.length - 1; i > 0; i--) {
            if (KeyNames.isVersion(segments[i])) {
                return i;
            }
        }
        return -1;
    }

    private static void addVersioned(Map<ModelGroup, Map<String, List<TensorRef>>> models, KeyEntry entry,
                                     String[] segments, int versionAt) {
        String prefix = String.join(":", Arrays.copyOfRange(segments, 0, versionAt));
        String version = segments[versionAt];
        String rest = String.join(":", Arrays.copyOfRange(segments, versionAt + 1, segments.length));
        boolean formatWord = !rest.isEmpty() && !rest.contains(":") && KeyNames.isFormatWord(rest);
        ModelGroup group;
        List<TensorRef> tensors;
        if (entry.type() == RedisType.HASH && (rest.isEmpty() || formatWord)) {
            group = new ModelGroup(prefix, ModelLayout.HASH_PER_CHECKPOINT, rest);
            tensors = hashFieldTensors(entry);
        } else if (entry.type() == RedisType.STRING && (rest.isEmpty() || formatWord)) {
            group = new ModelGroup(prefix, ModelLayout.BLOB_PER_CHECKPOINT, rest);
            tensors = List.of(TensorRef.wholeKey(rest.isEmpty() ? version : rest, entry.key()));
        } else {
            group = new ModelGroup(prefix, ModelLayout.KEY_PER_TENSOR, "");
            tensors = entry.type() == RedisType.HASH
                    ? renamed(hashFieldTensors(entry), rest)
                    : List.of(TensorRef.wholeKey(rest, entry.key()));
        }
        models.computeIfAbsent(group, g -> new LinkedHashMap<>())
                .computeIfAbsent(version, v -> new ArrayList<>()).addAll(tensors);
    }

    private static void addUnversioned(Map<ModelGroup, Map<String, List<TensorRef>>> models, List<CachedArray> cached,
                                       KeyEntry entry, String[] segments) {
        String last = segments[segments.length - 1];
        boolean cacheWord = KeyNames.hasCacheWord(segments);
        if (entry.type() == RedisType.HASH && isRawArrayHash(entry.fields())) {
            addHashFields(cached, entry);
        } else if (entry.type() == RedisType.HASH && namesParams(entry.key(), last)) {
            // "model_params" → model; "model:x:params" → x
            String name = last.equalsIgnoreCase("params") && segments.length > 1
                    ? entry.key().substring(0, entry.key().length() - last.length() - 1)
                    : entry.key().replaceAll("(?i)[_\\-]?(params|state_dict)$", "");
            List<TensorRef> tensors = new ArrayList<>();
            for (String field : entry.fields()) {
                tensors.add(TensorRef.field(field, entry.key(), field, TensorEncoding.JSON_DICT));
            }
            models.computeIfAbsent(new ModelGroup(name.isEmpty() ? entry.key() : name, ModelLayout.JSON_PARAMS_HASH, ""),
                    g -> new LinkedHashMap<>()).put(CURRENT, tensors);
        } else if (entry.type() == RedisType.HASH && cacheWord) {
            addHashFields(cached, entry); // preprocessed_data: features, labels
        } else if (entry.type() == RedisType.STRING && cacheWord) {
            cached.add(CachedArray.wholeKey(entry.key(), RedisType.STRING));
        } else if (entry.type() == RedisType.STRING && segments.length > 1 && KeyNames.TENSOR_NAME.matcher(last).matches()) {
            String prefix = entry.key().substring(0, entry.key().length() - last.length() - 1);
            models.computeIfAbsent(new ModelGroup(prefix, ModelLayout.KEY_PER_TENSOR, ""), g -> new LinkedHashMap<>())
                    .computeIfAbsent(CURRENT, v -> new ArrayList<>()).add(TensorRef.wholeKey(last, entry.key()));
        }
    }

    /** Each tensor field of a hash one cached array: named after the key when it is the only one. */
    private static void addHashFields(List<CachedArray> cached, KeyEntry entry) {
        List<TensorRef> fields = hashFieldTensors(entry);
        fields.forEach(t -> cached.add(CachedArray.hashField(t, fields.size() > 1)));
    }

    /**
     * Which fields of a hash hold tensors, and where their dtype and shape are: {@code dtype}/{@code shape} shared
     * by the hash, or per field ({@code w:dtype}, {@code w_dtype}, …); those metadata fields are not tensors.
     */
    public static List<TensorRef> tensorsOfHash(String key, Collection<String> fieldNames) {
        return hashFieldTensors(new KeyEntry(key, RedisType.HASH, List.copyOf(fieldNames), fieldNames.size()));
    }

    /** A hash's fields as tensors: a field with {@code dtype}/{@code shape} siblings is raw, others are sniffed. */
    static List<TensorRef> hashFieldTensors(KeyEntry entry) {
        Set<String> fields = new LinkedHashSet<>(entry.fields());
        List<TensorRef> tensors = new ArrayList<>();
        boolean sharedMeta = fields.contains("dtype") && fields.contains("shape");
        Set<String> claimed = new LinkedHashSet<>();
        if (sharedMeta) {
            claimed.addAll(HashFieldTensors.METADATA_FIELDS); // order and fortran_order describe the data too
        }
        for (String field : fields) {
            for (String sep : KeyNames.SIBLING_SEPARATORS) {
                if (fields.contains(field + sep + "dtype") && fields.contains(field + sep + "shape")) {
                    claimed.add(field + sep + "dtype");
                    claimed.add(field + sep + "shape");
                }
            }
        }
        for (String field : fields) {
            if (claimed.contains(field)) {
                continue;
            }
            Optional<String> sep = KeyNames.SIBLING_SEPARATORS.stream()
                    .filter(s -> fields.contains(field + s + "dtype") && fields.contains(field + s + "shape")).findFirst();
            if (sep.isPresent()) {
                tensors.add(new TensorRef(field, entry.key(), field, TensorEncoding.RAW_WITH_DTYPE_SHAPE,
                        field + sep.get() + "dtype", field + sep.get() + "shape"));
            } else if (sharedMeta) {
                tensors.add(new TensorRef(field, entry.key(), field, TensorEncoding.RAW_WITH_DTYPE_SHAPE, "dtype", "shape"));
            } else {
                tensors.add(TensorRef.field(field, entry.key(), field, TensorEncoding.SNIFF));
            }
        }
        return tensors;
    }

    /** A per-tensor hash ({@code data}/{@code dtype}/{@code shape}) holds one tensor, named after its key. */
    private static List<TensorRef> renamed(List<TensorRef> tensors, String name) {
        if (tensors.size() != 1) {
            return tensors.stream().map(t -> new TensorRef(name + "." + t.name(), t.key(), t.field(), t.encoding(),
                    t.dtypeField(), t.shapeField())).toList();
        }
        TensorRef t = tensors.get(0);
        return List.of(new TensorRef(name, t.key(), t.field(), t.encoding(), t.dtypeField(), t.shapeField()));
    }

    private static List<ModelEntry> toModels(Map<ModelGroup, Map<String, List<TensorRef>>> groups,
                                             Map<String, KeyEntry> versionIndexes) {
        List<ModelEntry> models = new ArrayList<>();
        for (Map.Entry<ModelGroup, Map<String, List<TensorRef>>> g : groups.entrySet()) {
            ModelGroup group = g.getKey();
            KeyEntry index = versionIndexes.get(group.prefix());
            Map<String, List<TensorRef>> byVersion = new LinkedHashMap<>(g.getValue());
            List<String> order = new ArrayList<>();
            if (index != null) {
                // The index's order (by score) wins; versions it names without keys are shown, empty.
                for (String member : index.fields()) {
                    String version = versionOfMember(member);
                    if (!order.contains(version)) {
                        order.add(version);
                        byVersion.putIfAbsent(version, List.of());
                    }
                }
            }
            byVersion.keySet().stream().filter(v -> !order.contains(v))
                    .sorted(Comparator.comparingInt(KeyNames::versionNumber).thenComparing(Comparator.naturalOrder()))
                    .forEach(order::add);
            List<ModelVersion> versions = order.stream().map(v -> new ModelVersion(v, byVersion.get(v))).toList();
            models.add(new ModelEntry(KeyNames.modelName(group.prefix()), group.layout(), group.variant(), versions,
                    Optional.ofNullable(index).map(KeyEntry::key)));
        }
        models.sort(Comparator.comparing(ModelEntry::name).thenComparing(ModelEntry::layout)
                .thenComparing(ModelEntry::variant));
        return models;
    }

    /** A version index member may be a version ({@code v3}) or a whole key ({@code model:x:v3}). */
    private static String versionOfMember(String member) {
        String[] segments = KeyNames.segments(member);
        int at = lastVersionSegment(segments);
        return at > 0 ? segments[at] : member;
    }
}
