using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MakCrm.AmoCrmSimulator;

public sealed record AmoUser(long Id, string Name, string Email, bool IsAdmin);

public sealed record AmoStatus(
    long Id,
    string Name,
    int Sort,
    long PipelineId,
    int Type,
    bool IsEditable,
    string Color
);

public sealed record AmoPipeline(long Id, string Name, int Sort, bool IsMain, IReadOnlyList<AmoStatus> Statuses);

public sealed record AmoEnum(long Id, string Value, int Sort);

public sealed record AmoField(
    long Id,
    string Kind,
    string Name,
    string Type,
    string? Code,
    int Sort,
    IReadOnlyList<AmoEnum> Enums
);

/// <summary>One validation error of a write, as amoCRM reports it under <c>validation-errors</c>.</summary>
public sealed record AmoValidationError(string RequestId, string Code, string Path, string Detail);

/// <summary>
/// The account's data in memory: users, pipelines, custom fields, and contacts, companies and leads kept as the JSON
/// objects amoCRM answers (without their <c>_links</c>, added when rendered). Every method takes the account's lock.
/// </summary>
public sealed class AmoAccount(TimeProvider clock)
{
    public const long WonStatusId = 142;
    public const long LostStatusId = 143;
    public static readonly string[] Kinds = ["leads", "contacts", "companies"];
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<long, JsonObject>> _entities = Kinds.ToDictionary(
        k => k,
        _ => new SortedDictionary<long, JsonObject>()
    );
    private readonly List<AmoField> _fields = [];

    // The entities the API creates are numbered above the seed's, from a start that differs from one run to the next:
    // amoCRM never gives an id twice, so a restarted simulator must not hand out ids a MaK database has linked before.
    private long _nextId = 50_000_001 + DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 10_000_000 * 1_000;
    private long _nextEnumId = 900_001;

    public List<AmoUser> Users { get; } = [];

    public List<AmoPipeline> Pipelines { get; } = [];

    public IReadOnlyList<AmoField> Fields(string kind) => [.. _fields.Where(f => f.Kind == kind)];

    public AmoField Field(string kind, long id) => _fields.Single(f => f.Kind == kind && f.Id == id);

    public long EnumId(string kind, long fieldId, string value) =>
        Field(kind, fieldId).Enums.Single(e => e.Value == value).Id;

    public int Count(string kind)
    {
        lock (_lock)
        {
            return _entities[kind].Count;
        }
    }

    public void AddPipeline(long id, string name, bool isMain, string[] statuses)
    {
        var list = new List<AmoStatus> { new(id * 10, "Неразобранное", 10, id, 1, false, "#c1c1c1") };
        var colors = new[] { "#99ccff", "#ffff99", "#ffcc66", "#deff81", "#87f2c0" };
        list.AddRange(
            statuses.Select(
                (s, i) => new AmoStatus(id * 10 + i + 1, s, 20 + i * 10, id, 0, true, colors[i % colors.Length])
            )
        );
        list.Add(new AmoStatus(WonStatusId, "Успешно реализовано", 10000, id, 0, false, "#CCFF66"));
        list.Add(new AmoStatus(LostStatusId, "Закрыто и не реализовано", 11000, id, 0, false, "#D5D8DB"));
        Pipelines.Add(new AmoPipeline(id, name, Pipelines.Count + 1, isMain, list));
    }

    public void AddField(string kind, long id, string name, string type, string? code, string[] enums) =>
        _fields.Add(
            new AmoField(
                id,
                kind,
                name,
                type,
                code,
                _fields.Count + 1,
                [.. enums.Select((e, i) => new AmoEnum(_nextEnumId++, e, (i + 1) * 10))]
            )
        );

    /// <summary>A new entity at a past time, for the seed: the common fields set, the rest for the caller.</summary>
    public JsonObject Seed(string kind, long id, long at, long userId)
    {
        var entity = NewEntity(kind, id, at, userId);
        lock (_lock)
        {
            _entities[kind][id] = entity;
            _nextId = Math.Max(_nextId, id + 1);
        }

        return entity;
    }

    private static JsonObject NewEntity(string kind, long id, long at, long userId)
    {
        var embedded = new JsonObject { ["tags"] = new JsonArray() };
        if (kind != "companies")
        {
            embedded["companies"] = new JsonArray();
        }

        if (kind != "contacts")
        {
            embedded["contacts"] = new JsonArray();
        }

        return new JsonObject
        {
            ["id"] = id,
            ["name"] = "",
            ["responsible_user_id"] = userId,
            ["group_id"] = 0,
            ["created_by"] = userId,
            ["updated_by"] = userId,
            ["created_at"] = at,
            ["updated_at"] = at,
            ["closest_task_at"] = null,
            ["is_deleted"] = false,
            ["custom_fields_values"] = null,
            ["account_id"] = AmoSeed.AccountId,
            ["_embedded"] = embedded,
        };
    }

    /// <summary>A copy of one entity, or null.</summary>
    public JsonObject? Find(string kind, long id)
    {
        lock (_lock)
        {
            return _entities[kind].TryGetValue(id, out var e) ? (JsonObject)e.DeepClone() : null;
        }
    }

    /// <summary>Deletes one entity, as a manager emptying amoCRM's trash does: reads no longer find it and writes
    /// naming it are refused.</summary>
    public void Delete(string kind, long id)
    {
        lock (_lock)
        {
            _entities[kind].Remove(id);
        }
    }

    /// <summary>Copies of one page of the entities the query selects, in its order, and whether more follow.</summary>
    public (List<JsonObject> Page, bool More) List(string kind, EntityQuery query)
    {
        lock (_lock)
        {
            IEnumerable<JsonObject> rows = _entities[kind].Values;
            if (query.Ids.Count > 0)
            {
                rows = rows.Where(e => query.Ids.Contains(Id(e)));
            }

            if (query.Pipelines.Count > 0)
            {
                rows = rows.Where(e => e["pipeline_id"] is { } p && query.Pipelines.Contains(p.GetValue<long>()));
            }

            if (query.UpdatedFrom is { } from)
            {
                rows = rows.Where(e => UpdatedAt(e) >= from);
            }

            if (query.UpdatedTo is { } to)
            {
                rows = rows.Where(e => UpdatedAt(e) <= to);
            }

            rows = query.OrderBy switch
            {
                "updated_at" => query.Descending
                    ? rows.OrderByDescending(UpdatedAt).ThenByDescending(Id)
                    : rows.OrderBy(UpdatedAt).ThenBy(Id),
                "created_at" => query.Descending
                    ? rows.OrderByDescending(e => e["created_at"]!.GetValue<long>()).ThenByDescending(Id)
                    : rows.OrderBy(e => e["created_at"]!.GetValue<long>()).ThenBy(Id),
                _ => query.Descending ? rows.OrderByDescending(Id) : rows,
            };
            var page = rows.Skip((query.Page - 1) * query.Limit).Take(query.Limit + 1).ToList();
            var more = page.Count > query.Limit;
            return ([.. page.Take(query.Limit).Select(e => (JsonObject)e.DeepClone())], more);
        }
    }

    private static long Id(JsonObject e) => e["id"]!.GetValue<long>();

    private static long UpdatedAt(JsonObject e) => e["updated_at"]!.GetValue<long>();

    /// <summary>
    /// Applies a write of entities (new ones when <paramref name="create"/>, else each with its <c>id</c>): all,
    /// or none and the validation errors amoCRM would give. Each written entity's <c>updated_at</c> becomes now.
    /// </summary>
    /// <param name="userId">Who writes: 0 for an integration (amoCRM's "robot, form or API"), a user for a manager.
    /// </param>
    public (List<JsonObject> Written, List<AmoValidationError> Errors) Write(
        string kind,
        JsonArray items,
        bool create,
        long userId = 0
    )
    {
        lock (_lock)
        {
            var errors = new List<AmoValidationError>();
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            for (var i = 0; i < items.Count; i++)
            {
                Validate(kind, items[i] as JsonObject, i.ToString(CultureInfo.InvariantCulture), create, errors);
            }

            if (errors.Count > 0)
            {
                return ([], errors);
            }

            var written = new List<JsonObject>();
            for (var i = 0; i < items.Count; i++)
            {
                var item = (JsonObject)items[i]!;
                var entity = create
                    ? Create(kind, item, now, userId)
                    : Change(kind, _entities[kind][item["id"]!.GetValue<long>()], item, now, userId);
                written.Add(
                    new JsonObject
                    {
                        ["id"] = Id(entity),
                        ["updated_at"] = now,
                        ["request_id"] = item["request_id"]?.DeepClone() ?? i.ToString(CultureInfo.InvariantCulture),
                    }
                );
            }

            return (written, []);
        }
    }

    /// <summary>
    /// Applies <c>POST /api/v4/leads/complex</c>: each lead created with its one contact, a new one or one named by its
    /// <c>id</c>, linked as the lead's main contact; all or none. Answers amoCRM's items (<c>id</c>,
    /// <c>contact_id</c>, <c>company_id</c>, <c>request_id</c> as a list, <c>merged</c>) or the validation errors.
    /// </summary>
    public (List<JsonObject> Written, List<AmoValidationError> Errors) WriteComplex(JsonArray items, long userId = 0)
    {
        lock (_lock)
        {
            var errors = new List<AmoValidationError>();
            for (var i = 0; i < items.Count; i++)
            {
                var requestId = items[i]?["request_id"]?.ToString() ?? i.ToString(CultureInfo.InvariantCulture);
                Validate("leads", items[i] as JsonObject, requestId, true, errors);
                var contacts = items[i]?["_embedded"]?["contacts"] as JsonArray ?? [];
                if (contacts.Count > 1)
                {
                    errors.Add(
                        new AmoValidationError(
                            requestId,
                            "OutOfRange",
                            "_embedded.contacts",
                            "This collection should contain 1 element or less."
                        )
                    );
                }
                else if (contacts.Count == 1 && contacts[0]?["id"] is { } contactId)
                {
                    if (!TryLong(contactId, out var id) || !_entities["contacts"].ContainsKey(id))
                    {
                        errors.Add(
                            new AmoValidationError(
                                requestId,
                                "NotFound",
                                "_embedded.contacts.0.id",
                                "Entity not found."
                            )
                        );
                    }
                }
                else if (contacts.Count == 1)
                {
                    Validate("contacts", contacts[0] as JsonObject, requestId, true, errors);
                }
            }

            if (errors.Count > 0)
            {
                return ([], errors);
            }

            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            var written = new List<JsonObject>();
            for (var i = 0; i < items.Count; i++)
            {
                var item = (JsonObject)items[i]!;
                var lead = Create("leads", item, now, userId);
                JsonNode? contactId = null;
                if ((item["_embedded"]?["contacts"] as JsonArray)?.FirstOrDefault() is JsonObject contact)
                {
                    contactId = TryLong(contact["id"], out var id) ? id : Id(Create("contacts", contact, now, userId));
                    lead["_embedded"]!["contacts"] = new JsonArray(
                        new JsonObject { ["id"] = contactId.DeepClone(), ["is_main"] = true }
                    );
                }

                written.Add(
                    new JsonObject
                    {
                        ["id"] = Id(lead),
                        ["contact_id"] = contactId,
                        ["company_id"] = null,
                        ["request_id"] = new JsonArray(
                            item["request_id"]?.DeepClone() ?? i.ToString(CultureInfo.InvariantCulture)
                        ),
                        ["merged"] = false,
                    }
                );
            }

            return (written, []);
        }
    }

    // A new entity written by the API: a lead in the main pipeline's first stage after "unsorted" unless the write
    // says otherwise.
    private JsonObject Create(string kind, JsonObject item, long now, long userId)
    {
        var entity = NewEntity(kind, _nextId++, now, userId);
        if (kind == "leads")
        {
            var pipeline = Pipelines.Single(p => p.IsMain);
            entity["pipeline_id"] = pipeline.Id;
            entity["status_id"] = pipeline.Statuses[1].Id;
            entity["price"] = 0;
        }

        _entities[kind][Id(entity)] = entity;
        return Change(kind, entity, item, now, userId);
    }

    private JsonObject Change(string kind, JsonObject entity, JsonObject item, long now, long userId)
    {
        Apply(kind, entity, item);
        entity["updated_at"] = now;
        entity["updated_by"] = userId;
        return entity;
    }

    // A custom field value names its field by id, or a predefined field (PHONE, EMAIL, …) by its code.
    private AmoField? FieldOf(string kind, JsonNode? value) =>
        TryLong(value?["field_id"], out var id) ? _fields.SingleOrDefault(f => f.Kind == kind && f.Id == id)
        : value?["field_code"]?.ToString() is { } code ? _fields.SingleOrDefault(f => f.Kind == kind && f.Code == code)
        : null;

    private void Validate(string kind, JsonObject? item, string requestId, bool create, List<AmoValidationError> errors)
    {
        void Error(string code, string path, string detail) =>
            errors.Add(new AmoValidationError(requestId, code, path, detail));
        if (item is null)
        {
            Error("InvalidType", "", "This value should be of type object.");
            return;
        }

        requestId = item["request_id"]?.ToString() ?? requestId;
        JsonObject? stored = null;
        if (!create)
        {
            if (!TryLong(item["id"], out var id))
            {
                Error("NotBlank", "id", "This value should not be blank.");
                return;
            }

            if (!_entities[kind].TryGetValue(id, out stored))
            {
                Error("NotFound", "id", "Entity not found.");
                return;
            }

            if (item["updated_at"] is { } updated && TryLong(updated, out var given) && given < UpdatedAt(stored))
            {
                Error("InvalidLastModified", "updated_at", "Last modified date is older than in database");
            }
        }

        if (item["price"] is { } price && (!TryLong(price, out var p) || p < 0))
        {
            Error("InvalidType", "price", "This value should be of type int.");
        }

        if (item["responsible_user_id"] is { } user && (!TryLong(user, out var u) || Users.All(x => x.Id != u)))
        {
            Error("NotSupportedChoice", "responsible_user_id", "The value you selected is not a valid choice.");
        }

        if (kind == "leads" && (item["status_id"] is not null || item["pipeline_id"] is not null))
        {
            var pipelineId = TryLong(item["pipeline_id"], out var pid)
                ? pid
                : stored?["pipeline_id"]?.GetValue<long>() ?? Pipelines.Single(x => x.IsMain).Id;
            var pipeline = Pipelines.SingleOrDefault(x => x.Id == pipelineId);
            if (pipeline is null)
            {
                Error("NotSupportedChoice", "pipeline_id", "The value you selected is not a valid choice.");
            }
            else if (
                item["status_id"] is { } status
                && (!TryLong(status, out var s) || pipeline.Statuses.All(x => x.Id != s))
            )
            {
                Error("NotSupportedChoice", "status_id", "The value you selected is not a valid choice.");
            }
        }

        if (item["custom_fields_values"] is JsonArray values)
        {
            for (var i = 0; i < values.Count; i++)
            {
                var field = FieldOf(kind, values[i]);
                if (field is null)
                {
                    Error(
                        "NotSupportedChoice",
                        $"custom_fields_values.{i}.field_id",
                        "The value you selected is not a valid choice."
                    );
                    continue;
                }

                var fieldValues = values[i]!["values"] as JsonArray ?? [];
                for (var j = 0; j < fieldValues.Count; j++)
                {
                    var v = fieldValues[j]!;
                    var path = $"custom_fields_values.{i}.values.{j}";
                    if (v["enum_id"] is { } e && (!TryLong(e, out var enumId) || field.Enums.All(x => x.Id != enumId)))
                    {
                        Error("NotSupportedChoice", path + ".enum_id", "The value you selected is not a valid choice.");
                    }
                    else if (v["enum_code"] is { } code && field.Enums.All(x => x.Value != code.ToString()))
                    {
                        Error(
                            "NotSupportedChoice",
                            path + ".enum_code",
                            "The value you selected is not a valid choice."
                        );
                    }
                    else if (
                        field.Type == "numeric"
                        && !decimal.TryParse(v["value"]?.ToString(), CultureInfo.InvariantCulture, out _)
                    )
                    {
                        Error("InvalidType", path + ".value", "This value should be of type numeric.");
                    }
                }
            }
        }
    }

    private void Apply(string kind, JsonObject entity, JsonObject item)
    {
        string[] plain =
        [
            "name",
            "first_name",
            "last_name",
            "price",
            "status_id",
            "pipeline_id",
            "responsible_user_id",
        ];
        foreach (var key in plain)
        {
            if (item[key] is { } value)
            {
                entity[key] = value.DeepClone();
            }
        }

        if (entity["status_id"] is { } status && status.GetValue<long>() is WonStatusId or LostStatusId)
        {
            entity["closed_at"] ??= clock.GetUtcNow().ToUnixTimeSeconds();
        }

        if (item["custom_fields_values"] is not JsonArray values)
        {
            return;
        }

        var current = entity["custom_fields_values"] as JsonArray ?? [];
        foreach (var value in values)
        {
            var field = FieldOf(kind, value)!;
            var existing = current.FirstOrDefault(c => c!["field_id"]!.GetValue<long>() == field.Id);
            if (existing is not null)
            {
                current.Remove(existing);
            }

            if (value!["values"] is JsonArray { Count: > 0 } given)
            {
                var rendered = new JsonArray();
                foreach (var v in given)
                {
                    var copy = (JsonObject)v!.DeepClone();
                    var option = field.Enums.FirstOrDefault(e =>
                        (TryLong(copy["enum_id"], out var id) && e.Id == id) || e.Value == copy["enum_code"]?.ToString()
                    );
                    if (option is not null && field.Type == "multitext")
                    {
                        (copy["enum_id"], copy["enum_code"]) = (option.Id, option.Value);
                    }
                    else if (option is not null)
                    {
                        (copy["enum_id"], copy["value"]) = (option.Id, option.Value);
                    }

                    rendered.Add(copy);
                }

                current.Add(
                    new JsonObject
                    {
                        ["field_id"] = field.Id,
                        ["field_name"] = field.Name,
                        ["field_code"] = field.Code,
                        ["field_type"] = field.Type,
                        ["values"] = rendered,
                    }
                );
            }
        }

        // amoCRM answers null, not an empty list, when an entity has no custom field values.
        entity["custom_fields_values"] = current.Count == 0 ? null : current.DeepClone();
    }

    private static bool TryLong(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue v
            && (
                v.TryGetValue(out value)
                || (
                    v.TryGetValue(out string? s)
                    && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value)
                )
            );
    }
}

/// <summary>A list request's selection: its page (from 1), page size, ids, updated_at range and order.</summary>
public sealed record EntityQuery(
    int Page,
    int Limit,
    HashSet<long> Ids,
    HashSet<long> Pipelines,
    long? UpdatedFrom,
    long? UpdatedTo,
    string OrderBy,
    bool Descending
);
