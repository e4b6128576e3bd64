using MakCrm.Domain.CustomFields;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.CustomFields;

/// <summary>
/// Every custom field definition (archived included, deleted not; by position, then key), remembered by the instance
/// while it hears every change to them (a statement trigger on <c>custom_field_definitions</c> notifies
/// <see cref="ChannelName"/> as the change commits): every request that carries custom field values reads the fields
/// its caller sees from it without a statement, and a field hidden, archived or deleted on any instance is forgotten
/// by all of them as the change commits. The definitions it hands out are shared: read, never changed.
/// </summary>
[Singleton]
public sealed class CustomFieldDefinitionCache(TimeProvider clock)
    : ListenedCache<IReadOnlyList<CustomFieldDefinition>>(ChannelName, clock)
{
    public const string ChannelName = "mak_custom_field_definitions";
}
