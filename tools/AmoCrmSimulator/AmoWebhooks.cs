using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MakCrm.AmoCrmSimulator;

/// <summary>
/// amoCRM's webhooks: destinations registered with <c>POST /api/v4/webhooks</c>, and a delivery to each of them for
/// every change of a lead, in amoCRM's form encoding (<c>leads[update][0][id]=…&amp;account[id]=…</c>, every value
/// a string, no signature). Switches drop, duplicate, delay or hold the next deliveries (held ones are released in
/// or out of order); tests wait for those in flight with <see cref="DeliveredAsync"/>.
/// </summary>
public sealed class AmoWebhooks : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<(string Destination, string[] Settings)> _destinations = [];
    private readonly List<Task> _inFlight = [];
    private readonly List<string> _sent = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private int _drop;
    private List<(string Destination, string Body)>? _held;

    /// <summary>Whether every delivery is sent twice, as amoCRM at times does.</summary>
    public bool Duplicate { get; set; }

    /// <summary>How long each delivery waits before it is sent, as amoCRM's at times arrive late.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The destinations registered.</summary>
    public IReadOnlyList<string> Destinations
    {
        get
        {
            lock (_lock)
            {
                return [.. _destinations.Select(d => d.Destination)];
            }
        }
    }

    /// <summary>The bodies delivered (each once, however many times it was sent), oldest first.</summary>
    public IReadOnlyList<string> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>The next <paramref name="count"/> deliveries are lost, as users report status hooks that never
    /// arrive.</summary>
    public void DropNext(int count = 1)
    {
        lock (_lock)
        {
            _drop += count;
        }
    }

    /// <summary>Holds the deliveries from now on until <see cref="ReleaseAsync"/>, so that a test can send them out
    /// of order.</summary>
    public void Hold()
    {
        lock (_lock)
        {
            _held ??= [];
        }
    }

    /// <summary>Sends the deliveries held since <see cref="Hold"/>, newest first when <paramref name="reversed"/>
    /// (amoCRM does not keep their order), and waits for them to be answered; later deliveries go out at once.
    /// </summary>
    public async Task ReleaseAsync(bool reversed = false)
    {
        lock (_lock)
        {
            var held = _held ?? [];
            _held = null;
            if (reversed)
            {
                held.Reverse();
            }

            foreach (var (destination, body) in held)
            {
                _inFlight.Add(SendAsync(destination, body));
            }
        }

        await DeliveredAsync();
    }

    public JsonObject Register(string destination, string[] settings)
    {
        lock (_lock)
        {
            _destinations.Add((destination, settings));
            return new JsonObject
            {
                ["id"] = _destinations.Count,
                ["destination"] = destination,
                ["created_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["sort"] = _destinations.Count,
                ["settings"] = new JsonArray([.. settings.Select(s => (JsonNode)s)]),
            };
        }
    }

    /// <summary>Sends the change of <paramref name="lead"/> (as it is now, with its custom fields) to every destination
    /// registered for it: <c>add</c> for a lead just created, <c>status</c> when its status moved from
    /// <paramref name="oldStatusId"/>, <c>update</c> otherwise.</summary>
    public void LeadChanged(JsonObject lead, long? oldStatusId, bool added = false)
    {
        string Text(string key) => lead[key]?.ToString() ?? "";
        var action =
            added ? "add"
            : oldStatusId is { } old && old != lead["status_id"]?.GetValue<long>() ? "status"
            : "update";
        var prefix = $"leads[{action}][0]";
        var pairs = new List<(string, string)>
        {
            ($"{prefix}[id]", Text("id")),
            ($"{prefix}[name]", Text("name")),
            ($"{prefix}[status_id]", Text("status_id")),
            ($"{prefix}[pipeline_id]", Text("pipeline_id")),
        };
        if (action == "status")
        {
            pairs.Add(($"{prefix}[old_status_id]", oldStatusId!.Value.ToString(CultureInfo.InvariantCulture)));
        }

        pairs.Add(($"{prefix}[price]", Text("price")));
        CustomFields(lead, prefix, pairs);
        Send(lead, prefix, $"{action}_lead", pairs);
    }

    /// <summary>Sends the change of <paramref name="contact"/> (as it is now, with its custom fields) to every
    /// destination registered for it: <c>add</c> for a contact just created, <c>update</c> otherwise (with
    /// <c>type=contact</c>, as amoCRM sends it).</summary>
    public void ContactChanged(JsonObject contact, bool added = false)
    {
        var action = added ? "add" : "update";
        var prefix = $"contacts[{action}][0]";
        var pairs = new List<(string, string)>
        {
            ($"{prefix}[id]", contact["id"]?.ToString() ?? ""),
            ($"{prefix}[name]", contact["name"]?.ToString() ?? ""),
            ($"{prefix}[type]", "contact"),
        };
        CustomFields(contact, prefix, pairs);
        Send(contact, prefix, $"{action}_contact", pairs);
    }

    // The entity's custom fields as amoCRM sends them: custom_fields[i][id|name], custom_fields[i][values][j][value].
    private static void CustomFields(JsonObject entity, string prefix, List<(string, string)> pairs)
    {
        var fields = (entity["custom_fields_values"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        for (var i = 0; i < fields.Count; i++)
        {
            var field = $"{prefix}[custom_fields][{i}]";
            pairs.Add(($"{field}[id]", fields[i]["field_id"]?.ToString() ?? ""));
            pairs.Add(($"{field}[name]", fields[i]["field_name"]?.ToString() ?? ""));
            var values = (fields[i]["values"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            for (var j = 0; j < values.Count; j++)
            {
                pairs.Add(($"{field}[values][{j}][value]", values[j]["value"]?.ToString() ?? ""));
            }
        }
    }

    // The form's common tail (who changed the entity, when, the account) sent to the destinations registered for
    // the event (setting), dropped, held or sent twice as the switches say.
    private void Send(JsonObject entity, string prefix, string setting, List<(string, string)> pairs)
    {
        string Text(string key) => entity[key]?.ToString() ?? "";
        pairs.Add(($"{prefix}[responsible_user_id]", Text("responsible_user_id")));
        pairs.Add(($"{prefix}[last_modified]", Text("updated_at")));
        pairs.Add(($"{prefix}[modified_user_id]", Text("updated_by")));
        pairs.Add(($"{prefix}[account_id]", AmoSeed.AccountId.ToString(CultureInfo.InvariantCulture)));
        pairs.Add(("account[id]", AmoSeed.AccountId.ToString(CultureInfo.InvariantCulture)));
        pairs.Add(("account[subdomain]", "makhq"));
        var body = string.Join('&', pairs.Select(p => $"{Escape(p.Item1)}={Escape(p.Item2)}"));
        lock (_lock)
        {
            if (_drop > 0)
            {
                _drop--;
                return;
            }

            _sent.Add(body);
            foreach (var (destination, settings) in _destinations)
            {
                if (!settings.Contains(setting))
                {
                    continue;
                }

                for (var copy = 0; copy < (Duplicate ? 2 : 1); copy++)
                {
                    if (_held is not null)
                    {
                        _held.Add((destination, body));
                    }
                    else
                    {
                        _inFlight.Add(SendAsync(destination, body));
                    }
                }
            }
        }
    }

    /// <summary>Waits for every delivery sent so far to be answered.</summary>
    public async Task DeliveredAsync()
    {
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _inFlight];
            _inFlight.Clear();
        }

        await Task.WhenAll(pending);
    }

    private async Task SendAsync(string destination, string body)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
            using var answer = await _http.PostAsync(destination, content);
        }
        catch (HttpRequestException)
        {
            // amoCRM counts a failed delivery and retries it later; the simulator forgets it.
        }
    }

    // amoCRM encodes the brackets of the names as a browser's form does.
    private static string Escape(string text) => Uri.EscapeDataString(text);

    public async ValueTask DisposeAsync()
    {
        await DeliveredAsync();
        _http.Dispose();
    }
}
