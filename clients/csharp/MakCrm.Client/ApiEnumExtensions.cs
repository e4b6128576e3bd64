using System.Reflection;
using System.Text.Json.Serialization;

namespace MakCrm.Client;

/// <summary>Wire names of the API's enums.</summary>
public static class ApiEnumExtensions
{
    /// <summary>
    /// The value as the API spells it, e.g. <c>LeadStatus.In_progress</c> → <c>"in_progress"</c>. The nullable enum
    /// fields of the request DTOs (<see cref="UpdateClientRequest.Source"/>, <see cref="CreateLeadRequest.Status"/>,
    /// <see cref="UpdateLeadRequest.Product"/>, <see cref="UpdateLeadRequest.Status"/>) are generated as strings, so
    /// set them with this: <c>Status = LeadStatus.Approved.ToApiString()</c>.
    /// </summary>
    public static string ToApiString<TEnum>(this TEnum value)
        where TEnum : struct, Enum
    {
        var name = Enum.GetName(value) ?? throw new ArgumentOutOfRangeException(nameof(value), value, "Not a defined value.");
        var field = typeof(TEnum).GetField(name, BindingFlags.Public | BindingFlags.Static);
        return field?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? name;
    }
}
