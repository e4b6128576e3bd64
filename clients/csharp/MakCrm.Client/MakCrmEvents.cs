using System.Text.Json;

namespace MakCrm.Client;

/// <summary>Reading events (from the feed, a webhook or the stream): their type's wire name and what they carry.</summary>
public static class MakCrmEvents
{
    /// <summary>The event's type as the API spells it, e.g. <c>lead.status_changed</c> (see <see cref="MakEventTypes"/>).</summary>
    public static string TypeName(this Event @event) => JsonSerializer.Serialize(@event.Type, MakCrmApiClient.JsonOptions).Trim('"');

    /// <summary>
    /// The event's <c>data</c> as the resource it carries — e.g. <c>DataAs&lt;Lead&gt;()</c> for <c>lead.created</c>,
    /// <c>DataAs&lt;DeletedResource&gt;()</c> for a deletion (<see cref="MakEventTypes.Payloads"/> says which). Asking
    /// for another type than the event carries throws, rather than reading a wrong shape.
    /// </summary>
    public static T DataAs<T>(this Event @event)
    {
        var type = @event.TypeName();
        if (MakEventTypes.Payloads.TryGetValue(type, out var carried) && carried != typeof(T))
        {
            throw new InvalidOperationException($"A {type} event carries a {carried.Name}, not a {typeof(T).Name}.");
        }

        var data = @event.Data is JsonElement element ? element : JsonSerializer.SerializeToElement(@event.Data, MakCrmApiClient.JsonOptions);
        return data.Deserialize<T>(MakCrmApiClient.JsonOptions) ?? throw new InvalidOperationException($"The {type} event has no data.");
    }
}
