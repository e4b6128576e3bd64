using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MakCrm.Client;

public partial class UpdateTaskRequest
{
    /// <summary>
    /// Sends <c>"remindAt": null</c>, which drops the reminder time (the reminder then comes at <c>dueAt</c>). Null
    /// properties are otherwise left out of the merge patch. Ignored when <see cref="RemindAt"/> is set.
    /// </summary>
    [JsonIgnore]
    public bool ClearRemindAt { get; set; }

    internal static void SendExplicitNulls(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(UpdateTaskRequest))
        {
            return;
        }

        foreach (var property in typeInfo.Properties.Where(p => p.Name == "remindAt"))
        {
            property.ShouldSerialize = static (request, value) => value is not null || ((UpdateTaskRequest)request).ClearRemindAt;
        }
    }
}
