using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Contract;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Errors;

/// <summary>
/// Driven by the contract alone: every operation of api-spec/openapi.yaml is sent malformed variants of its request —
/// U+0000, invalid UTF-8 and lone or reversed UTF-16 surrogate escapes in names and values (every string and every
/// item of a string array, at any depth), nulls inside arrays, wrong types, oversized and deeply nested bodies, broken
/// multipart and forms, garbage in every path, query and header parameter, integers below, above and far beyond their
/// bounds — and answers each with a 4xx problem, never a 5xx. An operation added to the contract is covered without
/// anyone writing a case for it.
/// </summary>
public sealed class MalformedInputByContractTests(ApiServerFixture server) : ApiTest(server)
{
    [Fact]
    public async Task Every_operation_answers_every_malformed_variant_of_its_request_with_a_4xx_problem()
    {
        var contract = new Contract(ContractFile.Load());
        var seeded = await SeedAsync();
        var failures = new List<string>();
        var sent = 0;

        foreach (var operation in contract.Operations())
        {
            var path = await ResolvePathAsync(operation, seeded);
            foreach (var probe in Probes.For(contract, operation, path, seeded))
            {
                using var request = probe.Build();

                // Headers first: an accepted stream (text/event-stream) never ends by itself.
                using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                sent++;
                if (await JudgeAsync(operation, probe, response) is { } failure)
                {
                    failures.Add($"{operation.Method} {operation.Path} — {probe.Name}: {failure}");
                }
            }
        }

        failures
            .Should()
            .BeEmpty(
                "every malformed request must be a 4xx problem ({0} of {1} were not):\n{2}",
                failures.Count,
                sent,
                string.Join("\n", failures)
            );
        sent.Should().BeGreaterThan(1000, "every operation is probed in many ways");
    }

    [Fact]
    public void The_probes_cover_what_the_contract_has()
    {
        var contract = new Contract(ContractFile.Load());
        var operations = contract.Operations().ToList();
        var seeded = new Dictionary<string, string>();
        var names = operations.SelectMany(o => Probes.For(contract, o, o.Path, seeded).Select(p => p.Name)).ToList();

        operations.Should().HaveCountGreaterThan(80);
        names.Should().Contain(n => n.StartsWith("U+0000 in body field", StringComparison.Ordinal));
        names.Should().Contain(n => n.StartsWith("null inside array", StringComparison.Ordinal));
        names.Should().Contain(n => n.StartsWith("U+0000 in form field", StringComparison.Ordinal));
        names.Should().Contain(n => n.StartsWith("multipart", StringComparison.Ordinal));
        names.Should().Contain(n => n.StartsWith("U+0000 in query parameter", StringComparison.Ordinal));
        names.Should().Contain(n => n.StartsWith("garbage in path parameter", StringComparison.Ordinal));
        names.Should().Contain(n => n.StartsWith("a lone high surrogate in body field", StringComparison.Ordinal));
        names.Should().Contain(n => n.StartsWith("a reversed surrogate pair in an item of", StringComparison.Ordinal));
        names
            .Should()
            .Contain(
                n => n.StartsWith("a lone low surrogate in body field filter.and", StringComparison.Ordinal),
                "recursive schemas (the report builder's filter) are probed below their first level"
            );
        names.Should().Contain("limit=0 in query parameter limit").And.Contain("limit=-1 in query parameter limit");

        // Every page size is bounded in the contract, so the bounds are checked for every list at once.
        var limits = operations.SelectMany(o => o.Parameters).Where(p => p is { In: "query", Name: "limit" }).ToList();
        limits.Should().NotBeEmpty().And.OnlyContain(p => p.Schema["minimum"] != null && p.Schema["maximum"] != null);
    }

    /// <summary>Why the answer breaks the promise, or <c>null</c> when it keeps it.</summary>
    private static async Task<string?> JudgeAsync(Operation operation, Probe probe, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status < 300 && response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            return probe.MustRefuse ? $"was accepted with {status} (a stream)" : null;
        }

        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return $"answered {status} {Shorten(body)}";
        }

        // A 207 answers a batch item by item: the malformed item's own result must be the 4xx problem.
        if (probe.MustRefuse && status == 207)
        {
            var items = JsonNode.Parse(body)?["items"]?.AsArray() ?? [];
            return items.Any(item =>
                item?["outcome"]?.GetValue<string>() == "problem"
                && item["problem"]?["status"]?.GetValue<int>() is >= 400 and < 500
                && item["problem"]?["code"] is JsonValue
            )
                ? null
                : $"was accepted with 207 and no item answered with a 4xx problem: {Shorten(body)}";
        }

        if (probe.MustRefuse && status < 400)
        {
            return $"was accepted with {status}";
        }

        if (status < 400)
        {
            return null;
        }

        // The token endpoints answer as RFC 6749 says (application/json with `error`), but for a body that is too large
        // or no form, which the contract declares as the problems of every body; everything else with a problem.
        var oauth = operation.Path.StartsWith("/connect/", StringComparison.Ordinal) && status is not (413 or 415);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType != (oauth ? "application/json" : "application/problem+json"))
        {
            return $"answered {status} as {mediaType ?? "no content type"}: {Shorten(body)}";
        }

        try
        {
            var json = JsonNode.Parse(body)!.AsObject();
            return json[oauth ? "error" : "code"] is JsonValue
                ? null
                : $"answered {status} without a code: {Shorten(body)}";
        }
        catch (JsonException)
        {
            return $"answered {status} with a body that is not JSON: {Shorten(body)}";
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    /// <summary>Real resources for the path parameters and the ids a body names, so that requests get past "not found".</summary>
    private async Task<Dictionary<string, string>> SeedAsync()
    {
        var client = await CreateClient();
        var lead = await CreateLead(Id(client));
        var deal = await ExpectJson(
            await Post(
                "/api/v1/deals",
                new
                {
                    clientId = Id(client),
                    leadId = Id(lead),
                    title = "Ипотека",
                    amount = 2_000_000m,
                    product = "mortgage",
                }
            ),
            HttpStatusCode.Created
        );
        var task = await ExpectJson(
            await Post(
                "/api/v1/tasks",
                new
                {
                    subjectType = "lead",
                    subjectId = Id(lead),
                    title = "Позвонить",
                    dueAt = DateTimeOffset.UtcNow.AddDays(1),
                }
            ),
            HttpStatusCode.Created
        );
        var pipeline = (await ExpectJson(await Http.GetAsync("/api/v1/pipelines"), HttpStatusCode.OK))["items"]![0]!;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["client"] = Id(client),
            ["lead"] = Id(lead),
            ["deal"] = Id(deal),
            ["task"] = Id(task),
            ["pipeline"] = pipeline["id"]!.GetValue<string>(),
            ["stage"] = pipeline["stages"]![0]!["id"]!.GetValue<string>(),
            ["organization"] = TestActors.PartnerAlphaOrganization.ToString(),
            ["user"] = (await Server.UserIdAsync(TestActor.Admin)).ToString(),
            ["subject"] = Id(lead),
            ["role"] = "guest",
        };
    }

    /// <summary>
    /// The operation's path with a real resource for each parameter: the one seeded for it (<c>{stageId}</c> → a stage),
    /// else the first item of the collection the parameter stands under (<c>/lead-returns/{id}</c> → GET /lead-returns),
    /// else a fresh UUID.
    /// </summary>
    private async Task<string> ResolvePathAsync(Operation operation, Dictionary<string, string> seeded)
    {
        var segments = operation.Path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{'))
            {
                continue;
            }

            var name = segments[i][1..^1];
            var collection = string.Join('/', segments[..i]);
            var singular = segments[i - 1].TrimEnd('s').Replace("-", "", StringComparison.Ordinal);
            var value =
                name.EndsWith("Id", StringComparison.Ordinal) && seeded.TryGetValue(name[..^2], out var byName) ? byName
                : seeded.TryGetValue(singular, out var bySegment) ? bySegment
                : await FirstItemAsync(collection, name) ?? Guid.CreateVersion7().ToString();
            segments[i] = Uri.EscapeDataString(value);
        }

        return string.Join('/', segments);
    }

    private async Task<string?> FirstItemAsync(string collection, string parameter)
    {
        if (collection.Contains('{', StringComparison.Ordinal))
        {
            return null;
        }

        using var response = await Http.GetAsync(collection);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var first = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["items"]?.AsArray().FirstOrDefault();
        return (first?[parameter] ?? first?["id"] ?? first?["code"] ?? first?["name"])?.GetValue<string>();
    }

    /// <summary>One request that breaks the operation's contract in one way (or, when not <see cref="MustRefuse"/>, stretches it).</summary>
    private sealed record Probe(string Name, bool MustRefuse, Func<HttpRequestMessage> Build);

    private sealed record Parameter(string Name, string In, JsonObject Schema);

    private sealed record Operation(
        string Method,
        string Path,
        IReadOnlyList<Parameter> Parameters,
        string? MediaType,
        JsonObject? BodySchema,
        JsonNode? BodyExample
    );

    /// <summary>The contract, read for what a request to each operation may carry.</summary>
    private sealed class Contract(JsonObject document)
    {
        private static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];

        public IEnumerable<Operation> Operations()
        {
            foreach (var (path, item) in document["paths"]!.AsObject())
            {
                var shared = item!["parameters"]?.AsArray() ?? [];
                foreach (var method in Methods)
                {
                    if (item[method] is not JsonObject operation)
                    {
                        continue;
                    }

                    var parameters = shared
                        .Concat(operation["parameters"]?.AsArray() ?? [])
                        .Select(p => Resolve(p!))
                        .Select(p => new Parameter(
                            p["name"]!.GetValue<string>(),
                            p["in"]!.GetValue<string>(),
                            Resolve(p["schema"]!)
                        ))
                        .ToList();
                    var content = operation["requestBody"] is { } body
                        ? Resolve(body)["content"]!.AsObject().First()
                        : (KeyValuePair<string, JsonNode?>?)null;
                    yield return new Operation(
                        method.ToUpperInvariant(),
                        path,
                        parameters,
                        content?.Key,
                        content?.Value?["schema"] is { } schema ? Resolve(schema) : null,
                        content?.Value?["example"]?.DeepClone()
                    );
                }
            }
        }

        /// <summary>A schema or other object with references followed, and "this or null" wrappers (allOf/oneOf) unwrapped.</summary>
        public JsonObject Resolve(JsonNode node)
        {
            while (node["$ref"]?.GetValue<string>() is { } reference)
            {
                JsonNode current = document;
                foreach (var segment in reference[2..].Split('/'))
                {
                    current = current[
                        segment
                            .Replace("~1", "/", StringComparison.Ordinal)
                            .Replace("~0", "~", StringComparison.Ordinal)
                    ]!;
                }

                node = current;
            }

            var wrapped = (node["allOf"] ?? node["oneOf"] ?? node["anyOf"])
                ?.AsArray()
                .Where(b => b!["enum"] is not JsonArray values || values.Any(v => v is not null))
                .ToList();
            return wrapped is { Count: 1 } ? Resolve(wrapped[0]!) : node.AsObject();
        }

        public static string? TypeOf(JsonObject schema) =>
            schema["type"]?.GetValue<string>()
            ?? (schema["enum"] is not null ? "string" : null)
            ?? (schema["properties"] is not null ? "object" : null);

        /// <summary>A value the schema takes: its example, its first enum value, or one made from its type and format.</summary>
        public JsonNode? Sample(
            JsonObject schema,
            string name,
            IReadOnlyDictionary<string, string> seeded,
            int depth = 0
        )
        {
            if (schema["example"] is { } example)
            {
                return example.DeepClone();
            }

            if (schema["enum"]?.AsArray().FirstOrDefault(v => v is not null) is { } first)
            {
                return first.DeepClone();
            }

            switch (TypeOf(schema))
            {
                case "string":
                    return schema["format"]?.GetValue<string>() switch
                    {
                        "uuid" => SeededId(name, seeded) ?? Guid.CreateVersion7().ToString(),
                        "date-time" => DateTimeOffset.UtcNow.AddDays(1).ToString("O"),
                        "date" => DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd"),
                        "email" => "probe@example.ru",
                        _ => schema["maxLength"]?.GetValue<long>() < 5 ? "x" : "Проба",
                    };
                case "integer":
                    return schema["minimum"]?.GetValue<long>() ?? 1;
                case "number":
                    return schema["minimum"]?.GetValue<decimal>() ?? 1000m;
                case "boolean":
                    return true;
                case "array":
                    return depth > 4
                        ? new JsonArray()
                        : new JsonArray(Sample(Resolve(schema["items"]!), name, seeded, depth + 1));
                case "object" when depth <= 4:
                    // The required properties and those with an example: what a real client sends. The probes add the others one by one.
                    var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
                    var result = new JsonObject();
                    foreach (var (property, propertySchemaNode) in schema["properties"]?.AsObject() ?? [])
                    {
                        var propertySchema = Resolve(propertySchemaNode!);
                        if (required.Contains(property) || propertySchema["example"] is not null)
                        {
                            result[property] = Sample(propertySchema, property, seeded, depth + 1);
                        }
                    }

                    return result;
                default:
                    return null;
            }
        }

        // clientId → the seeded client, responsibleUserId → the seeded user, subjectId → the seeded lead.
        private static string? SeededId(string name, IReadOnlyDictionary<string, string> seeded)
        {
            var stem = name.EndsWith("Id", StringComparison.Ordinal) ? name[..^2] : name;
            return seeded.TryGetValue(stem, out var id) ? id
                : stem.EndsWith("User", StringComparison.Ordinal) || stem.EndsWith("user", StringComparison.Ordinal)
                    ? seeded.GetValueOrDefault("user")
                : null;
        }
    }

    /// <summary>The malformed variants of one operation's request.</summary>
    private static class Probes
    {
        private const string Nul = "a\u0000b";

        public static IEnumerable<Probe> For(
            Contract contract,
            Operation operation,
            string path,
            IReadOnlyDictionary<string, string> seeded
        )
        {
            var body = BodyOf(contract, operation, seeded);
            var queryParameters = operation.Parameters.Where(p => p.In == "query").ToList();

            HttpRequestMessage Request(
                string url,
                Func<HttpContent?>? content = null,
                IEnumerable<(string, string)>? headers = null
            )
            {
                var request = new HttpRequestMessage(new HttpMethod(operation.Method), url)
                {
                    Content = (content ?? body)?.Invoke(),
                };
                foreach (var (name, value) in headers ?? [])
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                return request;
            }

            // Path parameters: garbage where an id or a code belongs.
            var segments = path.Split('/');
            var templateSegments = operation.Path.Split('/');
            for (var i = 0; i < templateSegments.Length; i++)
            {
                if (!templateSegments[i].StartsWith('{'))
                {
                    continue;
                }

                foreach (
                    var (label, garbage) in new[]
                    {
                        ("a word", "not-an-id"),
                        ("invalid UTF-8", "%FF%FE"),
                        ("an over-long value", new string('9', 2000)),
                        ("a quote", "%22%27"),
                    }
                )
                {
                    var index = i;
                    var broken = segments.ToArray();
                    broken[index] = garbage;
                    yield return new Probe(
                        $"garbage in path parameter {templateSegments[i]} ({label})",
                        true,
                        () => Request(string.Join('/', broken))
                    );
                }
            }

            // Query parameters: U+0000, values of the wrong type, over-long values, broken percent-encoding.
            // The API refuses it; the OAuth and discovery endpoints read nothing from the query (RFC 6749 §3.2) and ignore it.
            yield return new Probe(
                "U+0000 in query parameter of an unknown name",
                operation.Path.StartsWith("/api/", StringComparison.Ordinal),
                () => Request($"{path}?zz=%00")
            );
            foreach (var parameter in queryParameters)
            {
                var schema = contract.Resolve(parameter.Schema);
                var itemSchema = Contract.TypeOf(schema) == "array" ? contract.Resolve(schema["items"]!) : schema;
                var name = Uri.EscapeDataString(parameter.Name);
                yield return new Probe(
                    $"U+0000 in query parameter {parameter.Name}",
                    true,
                    () => Request($"{path}?{name}=a%00b")
                );
                if (WrongQueryValue(itemSchema) is { } wrong)
                {
                    yield return new Probe(
                        $"wrong type in query parameter {parameter.Name}",
                        true,
                        () => Request($"{path}?{name}={wrong}")
                    );
                }

                yield return new Probe(
                    $"over-long query parameter {parameter.Name}",
                    false,
                    () => Request($"{path}?{name}={new string('z', 4000)}")
                );
                yield return new Probe(
                    $"broken percent-encoding in query parameter {parameter.Name}",
                    false,
                    () => Request($"{path}?{name}=%zz%ff%")
                );
                yield return new Probe(
                    $"repeated query parameter {parameter.Name}",
                    false,
                    () => Request($"{path}?{name}=1&{name}=2")
                );
                if (Contract.TypeOf(schema) == "integer")
                {
                    // Below, above and far beyond the bounds: refused where the contract sets them, never a 5xx.
                    var minimum = schema["minimum"]?.GetValue<long>();
                    var maximum = schema["maximum"]?.GetValue<long>();
                    var label = $"in query parameter {parameter.Name}";
                    yield return new Probe($"{name}=0 {label}", minimum > 0, () => Request($"{path}?{name}=0"));
                    yield return new Probe($"{name}=-1 {label}", minimum >= 0, () => Request($"{path}?{name}=-1"));
                    yield return new Probe(
                        $"{name}={maximum + 1} {label}",
                        maximum is not null,
                        () => Request($"{path}?{name}={maximum + 1}")
                    );
                    yield return new Probe(
                        $"a huge {parameter.Name} in query parameter {parameter.Name}",
                        true,
                        () => Request($"{path}?{name}=99999999999999999999999")
                    );
                }
            }

            // Header parameters (If-Match, If-None-Match, Idempotency-Key): garbage and over-long values.
            foreach (var parameter in operation.Parameters.Where(p => p.In == "header"))
            {
                yield return new Probe(
                    $"garbage in header {parameter.Name}",
                    false,
                    () => Request(path, headers: [(parameter.Name, "\"not-a-version, W/\"x")])
                );
                yield return new Probe(
                    $"over-long header {parameter.Name}",
                    false,
                    () => Request(path, headers: [(parameter.Name, new string('k', 4000))])
                );
            }

            var probes = operation.MediaType switch
            {
                "application/json" or "application/merge-patch+json" => JsonBodyProbes(contract, operation, seeded),
                "application/x-www-form-urlencoded" => FormProbes(contract, operation, seeded),
                "multipart/form-data" => MultipartProbes(),
                null => [],
                _ => throw new NotSupportedException($"No probes for {operation.MediaType}"),
            };
            foreach (var (name, mustRefuse, content) in probes)
            {
                yield return new Probe(name, mustRefuse, () => Request(path, content));
            }
        }

        private static string? WrongQueryValue(JsonObject schema) =>
            Contract.TypeOf(schema) switch
            {
                "integer" or "number" => "twelve",
                "boolean" => "maybe",
                "string" when schema["enum"] is not null => "no_such_value",
                "string" when schema["format"]?.GetValue<string>() is "uuid" or "date-time" or "date" => "not-"
                    + schema["format"]!.GetValue<string>(),
                _ => null,
            };

        private static Func<HttpContent?>? BodyOf(
            Contract contract,
            Operation operation,
            IReadOnlyDictionary<string, string> seeded
        )
        {
            if (
                operation.MediaType is not ("application/json" or "application/merge-patch+json")
                || operation.BodySchema is null
            )
            {
                return null;
            }

            var json = (operation.BodyExample ?? contract.Sample(operation.BodySchema, "", seeded))!.ToJsonString();
            return () => Json(json, operation.MediaType);
        }

        private static ByteArrayContent Json(string json, string mediaType) =>
            Json(Encoding.UTF8.GetBytes(json), mediaType);

        private static ByteArrayContent Json(byte[] json, string mediaType)
        {
            var content = new ByteArrayContent(json);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return content;
        }

        private static IEnumerable<(string, bool, Func<HttpContent?>)> JsonBodyProbes(
            Contract contract,
            Operation operation,
            IReadOnlyDictionary<string, string> seeded
        )
        {
            var mediaType = operation.MediaType!;
            var schema = operation.BodySchema!;
            var baseline = (operation.BodyExample ?? contract.Sample(schema, "", seeded))!.AsObject();

            // Whole-body variants.
            yield return (
                "U+0000 in a property name",
                true,
                () => Json(With(baseline, b => b["a\u0000"] = 1), mediaType)
            );
            yield return (
                "invalid UTF-8 in a property name",
                true,
                () => Json(Splice(With(baseline, b => b["@@"] = 1), "\"@@\"", [0x22, 0xFF, 0xFE, 0x22]), mediaType)
            );
            yield return (
                "a body over 1 MiB",
                true,
                () => Json(With(baseline, b => b["padding"] = new string('x', 1_100_000)), mediaType)
            );
            yield return (
                "a body nested 10,000 deep",
                true,
                () => Json("{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}", mediaType)
            );
            yield return ("an array for the body", true, () => Json("[" + baseline.ToJsonString() + "]", mediaType));
            yield return (
                "the body twice",
                true,
                () => Json(baseline.ToJsonString() + baseline.ToJsonString(), mediaType)
            );
            foreach (var (label, escape) in Surrogates)
            {
                yield return (
                    $"{label} in a property name",
                    true,
                    () => Escaped(With(baseline, b => b[Marker] = 1), escape, mediaType)
                );
            }

            // Every string and every item of a string array, at any depth (recursive schemas a few levels down): text
            // that is not valid Unicode (a lone or reversed UTF-16 surrogate escape) is refused, whatever the format.
            foreach (var (fieldPath, isArray) in StringsAnywhere(contract, schema, baseline))
            {
                var where = isArray ? $"an item of body array {fieldPath}" : $"body field {fieldPath}";
                JsonNode value = isArray ? new JsonArray(Marker) : Marker;
                foreach (var (label, escape) in Surrogates)
                {
                    yield return (
                        $"{label} in {where}",
                        true,
                        () => Escaped(With(baseline, b => Set(b, fieldPath, value.DeepClone())), escape, mediaType)
                    );
                }
            }

            // Field by field, at any depth (an array's first element stands for all of them).
            foreach (var (fieldPath, fieldSchema) in Fields(contract, schema, baseline))
            {
                var type = Contract.TypeOf(fieldSchema);
                if (type == "string")
                {
                    yield return (
                        $"U+0000 in body field {fieldPath}",
                        true,
                        () => Json(With(baseline, b => Set(b, fieldPath, Nul)), mediaType)
                    );
                    yield return (
                        $"invalid UTF-8 in body field {fieldPath}",
                        true,
                        () =>
                            Json(
                                Splice(
                                    With(baseline, b => Set(b, fieldPath, "@@")),
                                    "\"@@\"",
                                    [0x22, 0x61, 0xC3, 0x28, 0xFF, 0x22]
                                ),
                                mediaType
                            )
                    );
                    yield return (
                        $"over-long text in body field {fieldPath}",
                        false,
                        () => Json(With(baseline, b => Set(b, fieldPath, new string('ж', 100_000))), mediaType)
                    );
                }

                if (type == "array")
                {
                    yield return (
                        $"null inside array {fieldPath}",
                        true,
                        () => Json(With(baseline, b => Set(b, fieldPath, new JsonArray((JsonNode?)null))), mediaType)
                    );
                    yield return (
                        $"a huge array {fieldPath}",
                        false,
                        () =>
                            Json(
                                With(
                                    baseline,
                                    b =>
                                        Set(
                                            b,
                                            fieldPath,
                                            new JsonArray(
                                                Enumerable
                                                    .Range(0, 20_000)
                                                    .Select(i => (JsonNode?)JsonValue.Create($"v{i}"))
                                                    .ToArray()
                                            )
                                        )
                                ),
                                mediaType
                            )
                    );
                }

                JsonNode wrongType = type switch
                {
                    "string" => 12345,
                    "array" => new JsonObject { ["x"] = 1 },
                    "object" => "x",
                    _ => "x",
                };
                yield return (
                    $"wrong type in body field {fieldPath}",
                    true,
                    () => Json(With(baseline, b => Set(b, fieldPath, wrongType.DeepClone())), mediaType)
                );
                yield return (
                    $"null in body field {fieldPath}",
                    (fieldSchema["nullable"]?.GetValue<bool>() ?? false) == false
                        && Required(contract, schema, fieldPath),
                    () => Json(With(baseline, b => Set(b, fieldPath, null)), mediaType)
                );
                yield return (
                    $"an object 300 deep in body field {fieldPath}",
                    true,
                    () => Json(With(baseline, b => Set(b, fieldPath, Deep(300))), mediaType)
                );
            }
        }

        private static IEnumerable<(string, bool, Func<HttpContent?>)> FormProbes(
            Contract contract,
            Operation operation,
            IReadOnlyDictionary<string, string> seeded
        )
        {
            var sample = contract.Sample(operation.BodySchema!, "", seeded)!.AsObject();
            var fields = sample.Select(p => KeyValuePair.Create(p.Key, p.Value?.ToString() ?? "")).ToList();

            FormUrlEncodedContent Form(IEnumerable<KeyValuePair<string, string>> pairs) => new(pairs);

            foreach (var (name, _) in fields)
            {
                var field = name;
                yield return (
                    $"U+0000 in form field {field}",
                    true,
                    () => Form(fields.Select(f => f.Key == field ? KeyValuePair.Create(f.Key, Nul) : f))
                );
            }

            yield return (
                "U+0000 in a form field's name",
                true,
                () => Form(fields.Append(KeyValuePair.Create("a\u0000", "1")))
            );
            yield return (
                "a form of 1,100 fields",
                true,
                () => Form(fields.Concat(Enumerable.Range(0, 1100).Select(i => KeyValuePair.Create($"f{i}", "1"))))
            );
            yield return (
                "a form field over the value limit",
                false,
                () => Form(fields.Append(KeyValuePair.Create("big", new string('x', 900_000))))
            );
            yield return (
                "broken percent-encoding in a form",
                false,
                () =>
                {
                    var content = new StringContent("grant_type=%zz&username=%FF%FE&password=%", Encoding.ASCII);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
                    return content;
                }
            );
        }

        private static IEnumerable<(string, bool, Func<HttpContent?>)> MultipartProbes()
        {
            const string csv = "fullName,phone,source\nИванов Иван,+79990001122,partner\n";

            ByteArrayContent Raw(string text, string contentType)
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                return content;
            }

            string Part(string boundary, string name, string value, string? fileName = null) =>
                $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\""
                + (fileName is null ? "" : $"; filename=\"{fileName}\"")
                + "\r\n\r\n"
                + value
                + "\r\n";

            var whole = Part("b0", "kind", "clients") + Part("b0", "file", csv, "clients.csv") + "--b0--\r\n";

            yield return ("multipart without a boundary", true, () => Raw(whole, "multipart/form-data"));
            yield return (
                "multipart with a boundary the body does not use",
                true,
                () => Raw(whole, "multipart/form-data; boundary=other")
            );
            yield return (
                "multipart cut off before its end",
                true,
                () => Raw(whole[..(whole.Length / 2)], "multipart/form-data; boundary=b0")
            );
            yield return (
                "multipart of 1,100 parts",
                true,
                () =>
                    Raw(
                        string.Concat(Enumerable.Range(0, 1100).Select(i => Part("b0", $"f{i}", "1")))
                            + Part("b0", "kind", "clients")
                            + Part("b0", "file", csv, "clients.csv")
                            + "--b0--\r\n",
                        "multipart/form-data; boundary=b0"
                    )
            );
            yield return (
                "multipart with U+0000 in a field",
                true,
                () =>
                    Raw(
                        Part("b0", "kind", "clients")
                            + Part("b0", "source", Nul)
                            + Part("b0", "file", csv, "clients.csv")
                            + "--b0--\r\n",
                        "multipart/form-data; boundary=b0"
                    )
            );
            yield return (
                "multipart with U+0000 in the file name",
                true,
                () =>
                    Raw(
                        Part("b0", "kind", "clients") + Part("b0", "file", csv, "a\u0000.csv") + "--b0--\r\n",
                        "multipart/form-data; boundary=b0"
                    )
            );
            yield return (
                "multipart with a part header over its limit",
                true,
                () =>
                    Raw(
                        $"--b0\r\nContent-Disposition: form-data; name=\"kind\"\r\nX-Padding: "
                        + $"{new string('x', 20_000)}\r\n\r\nclients\r\n"
                            + Part("b0", "file", csv, "clients.csv")
                            + "--b0--\r\n",
                        "multipart/form-data; boundary=b0"
                    )
            );
            yield return (
                "multipart with an over-long boundary",
                true,
                () =>
                    Raw(
                        whole.Replace("b0", new string('b', 200), StringComparison.Ordinal),
                        $"multipart/form-data; boundary={new string('b', 200)}"
                    )
            );
        }

        /// <summary>Every property under a body schema with its path (<c>consent.givenAt</c>, <c>triggers[0].kind</c>), three levels deep.</summary>
        private static IEnumerable<(string Path, JsonObject Schema)> Fields(
            Contract contract,
            JsonObject schema,
            JsonNode? value,
            string prefix = "",
            int depth = 0
        )
        {
            if (depth > 3)
            {
                yield break;
            }

            foreach (var (name, propertySchemaNode) in schema["properties"]?.AsObject() ?? [])
            {
                var propertySchema = contract.Resolve(propertySchemaNode!);
                var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
                yield return (path, propertySchema);
                var propertyValue = value?[name];
                switch (Contract.TypeOf(propertySchema))
                {
                    case "object" when propertyValue is JsonObject:
                        foreach (var nested in Fields(contract, propertySchema, propertyValue, path, depth + 1))
                        {
                            yield return nested;
                        }

                        break;
                    case "array"
                        when propertyValue is JsonArray { Count: > 0 } array
                            && contract.Resolve(propertySchema["items"]!) is var items
                            && Contract.TypeOf(items) == "object":
                        foreach (var nested in Fields(contract, items, array[0], $"{path}[0]", depth + 1))
                        {
                            yield return nested;
                        }

                        break;
                }
            }
        }

        /// <summary>Surrogate escapes that make no character: a high or a low one alone, a low before a high.</summary>
        private static readonly (string Label, string Escape)[] Surrogates =
        [
            ("a lone high surrogate", "\\ud800"),
            ("a lone low surrogate", "\\udc00"),
            ("a reversed surrogate pair", "\\udc00\\ud800"),
        ];

        private const string Marker = "@surrogate@";

        /// <summary>The JSON with the marker's text replaced by escapes (no serializer writes them).</summary>
        private static ByteArrayContent Escaped(string json, string escapes, string mediaType) =>
            Json(json.Replace(Marker, escapes, StringComparison.Ordinal), mediaType);

        /// <summary>
        /// The path of every string property and every array of strings under a body schema, with <c>[0]</c> for an
        /// array's first object: those of the sample body and those it leaves out, a recursive schema followed to its
        /// second level (the report filter's <c>filter.and[0].field</c>).
        /// </summary>
        private static IEnumerable<(string Path, bool IsArray)> StringsAnywhere(
            Contract contract,
            JsonObject schema,
            JsonNode? value,
            string prefix = "",
            List<JsonObject>? onPath = null
        )
        {
            onPath ??= [];
            if (onPath.Count(s => ReferenceEquals(s, schema)) >= 2 || onPath.Count > 8)
            {
                yield break;
            }

            onPath.Add(schema);
            foreach (var (name, propertySchemaNode) in schema["properties"]?.AsObject() ?? [])
            {
                var propertySchema = contract.Resolve(propertySchemaNode!);
                var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
                var propertyValue = value?[name];
                switch (Contract.TypeOf(propertySchema))
                {
                    case "string":
                        yield return (path, false);
                        break;
                    case "object":
                        var nestedValue = propertyValue as JsonObject;
                        foreach (var nested in StringsAnywhere(contract, propertySchema, nestedValue, path, onPath))
                        {
                            yield return nested;
                        }

                        break;
                    case "array":
                        var items = contract.Resolve(propertySchema["items"]!);
                        if (Contract.TypeOf(items) == "string")
                        {
                            yield return (path, true);
                        }
                        else if (Contract.TypeOf(items) == "object")
                        {
                            var first = (propertyValue as JsonArray)?.FirstOrDefault();
                            foreach (var nested in StringsAnywhere(contract, items, first, $"{path}[0]", onPath))
                            {
                                yield return nested;
                            }
                        }

                        break;
                }
            }

            onPath.RemoveAt(onPath.Count - 1);
        }

        private static bool Required(Contract contract, JsonObject schema, string path)
        {
            var parts = path.Replace("[0]", "", StringComparison.Ordinal).Split('.');
            var current = schema;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                current = contract.Resolve(current["properties"]![parts[i]]!);
                if (Contract.TypeOf(current) == "array")
                {
                    current = contract.Resolve(current["items"]!);
                }
            }

            return current["required"]?.AsArray().Any(r => r!.GetValue<string>() == parts[^1]) ?? false;
        }

        private static string With(JsonObject baseline, Action<JsonObject> change)
        {
            var copy = baseline.DeepClone().AsObject();
            change(copy);
            return copy.ToJsonString();
        }

        /// <summary>Sets the value at a path of property names and <c>[0]</c>s, making the objects and arrays on the way.</summary>
        private static void Set(JsonObject root, string path, JsonNode? value)
        {
            var parts = path.Split('.');
            JsonObject current = root;
            for (var i = 0; i < parts.Length; i++)
            {
                var (name, indexed) = parts[i].EndsWith("[0]", StringComparison.Ordinal)
                    ? (parts[i][..^3], true)
                    : (parts[i], false);
                if (i == parts.Length - 1 && !indexed)
                {
                    current[name] = value;
                    return;
                }

                if (indexed)
                {
                    if (current[name] is not JsonArray { Count: > 0 } array)
                    {
                        current[name] = array = new JsonArray(new JsonObject());
                    }

                    if (i == parts.Length - 1)
                    {
                        array[0] = value;
                        return;
                    }

                    current = array[0] as JsonObject ?? (JsonObject)(array[0] = new JsonObject());
                }
                else
                {
                    current = current[name] as JsonObject ?? (JsonObject)(current[name] = new JsonObject());
                }
            }
        }

        private static JsonNode Deep(int levels)
        {
            JsonNode node = 1;
            for (var i = 0; i < levels; i++)
            {
                node = new JsonObject { ["a"] = node };
            }

            return node;
        }

        /// <summary>The UTF-8 of <paramref name="json"/> with the first <paramref name="marker"/> replaced by raw bytes (invalid UTF-8).</summary>
        private static byte[] Splice(string json, string marker, byte[] bytes)
        {
            var at = json.IndexOf(marker, StringComparison.Ordinal);
            return
            [
                .. Encoding.UTF8.GetBytes(json[..at]),
                .. bytes,
                .. Encoding.UTF8.GetBytes(json[(at + marker.Length)..]),
            ];
        }
    }
}
