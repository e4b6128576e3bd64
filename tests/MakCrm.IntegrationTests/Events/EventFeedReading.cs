using System.Net;
using System.Text.Json.Nodes;

namespace MakCrm.IntegrationTests.Events;

/// <summary>Reading the event feed in tests: events appear shortly after their change commits, once the sequencer has numbered them.</summary>
internal static class EventFeedReading
{
    /// <summary>The feed's events about one resource that <paramref name="http"/> sees, waiting (briefly) until there are <paramref name="count"/>.</summary>
    public static async Task<List<JsonObject>> EventsOf(HttpClient http, string resourceId, int count)
    {
        for (var waited = 0; ; waited += 50)
        {
            var events = (await ReadAll(http)).Where(e => e["resourceId"]!.GetValue<string>() == resourceId).ToList();
            if (events.Count >= count || waited > 10_000)
            {
                events.Should().HaveCount(count);
                return events;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Every event the caller sees after <paramref name="after"/> (by default from the oldest kept), page by page.</summary>
    public static async Task<List<JsonObject>> ReadAll(HttpClient http, string query = "", long after = 0)
    {
        var all = new List<JsonObject>();
        while (true)
        {
            var response = await http.GetAsync($"/api/v1/events?after={after}&limit=200&{query}");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            all.AddRange(page["items"]!.AsArray().Select(e => e!.AsObject()));
            after = long.Parse(page["nextCursor"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            if (!page["hasMore"]!.GetValue<bool>())
            {
                return all;
            }
        }
    }
}
