using System.Collections;
using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MakCrm.Application.Abstractions.Documents;
using MakCrm.Domain.Documents;

namespace MakCrm.Application.Documents.Templates;

/// <summary>
/// A field a template may use, as the model's JSON input names it (camelCase): its type, a sample value for a scalar,
/// the fields of an object, or the item of a list.
/// </summary>
public sealed record DocumentTemplateField(
    string Name,
    DocumentTemplateFieldType Type,
    string? Sample,
    IReadOnlyList<DocumentTemplateField> Fields,
    DocumentTemplateField? Item
)
{
    /// <summary>The fields as a flat list of paths: <c>payee.name</c>, <c>lines[].amount</c>.</summary>
    public static IEnumerable<(string Path, DocumentTemplateField Field)> Flatten(
        IEnumerable<DocumentTemplateField> fields,
        string prefix = ""
    )
    {
        foreach (var field in fields)
        {
            var path = prefix + field.Name;
            yield return (path, field);
            foreach (var nested in Flatten(field.Fields, path + "."))
            {
                yield return nested;
            }

            for (var (item, itemPath) = (field.Item, path + "[]"); item is not null; )
            {
                if (item.Type is not DocumentTemplateFieldType.Object and not DocumentTemplateFieldType.List)
                {
                    yield return (itemPath, item);
                }

                foreach (var nested in Flatten(item.Fields, itemPath + "."))
                {
                    yield return nested;
                }

                (item, itemPath) = (item.Item, itemPath + "[]");
            }
        }
    }
}

/// <summary>
/// The models the document templates render, found once in this assembly: every <see cref="IDocumentModel"/> that
/// declares its <c>TemplateName</c>. From a model's type come the fields its template may use and a sample model (every
/// string its own path, so a preview shows which field prints where), serialized as the renderer serializes a model.
/// </summary>
public static class DocumentTemplateModels
{
    /// <summary>The JSON a model becomes as a template's input (what a generated document stores).</summary>
    public static JsonSerializerOptions InputOptions { get; } =
        new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly DateOnly SampleDate = new(2026, 11, 22);

    private static readonly FrozenDictionary<string, Type> Types = typeof(IDocumentModel)
        .Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDocumentModel).IsAssignableFrom(t))
        .Select(t => (Type: t, Name: t.GetField("TemplateName", BindingFlags.Public | BindingFlags.Static)))
        .Where(t => t.Name is { IsLiteral: true })
        .ToFrozenDictionary(t => (string)t.Name!.GetRawConstantValue()!, t => t.Type, StringComparer.Ordinal);

    private static readonly Dictionary<string, (object Sample, IReadOnlyList<DocumentTemplateField> Fields)> Cache =
        new(StringComparer.Ordinal);

    /// <summary>The model type of a template name, if one declares it.</summary>
    public static Type? ModelOf(string name) => Types.GetValueOrDefault(name);

    /// <summary>The fields the template may use; none when no model declares the name.</summary>
    public static IReadOnlyList<DocumentTemplateField> Fields(string name) => Describe(name)?.Fields ?? [];

    /// <summary>The sample model's input (JSON); an empty object when no model declares the name.</summary>
    public static string SampleInput(string name) =>
        Describe(name) is { } described
            ? JsonSerializer.Serialize(described.Sample, described.Sample.GetType(), InputOptions)
            : "{}";

    public static string Serialize(IDocumentModel model) =>
        JsonSerializer.Serialize(model, model.GetType(), InputOptions);

    private static (object Sample, IReadOnlyList<DocumentTemplateField> Fields)? Describe(string name)
    {
        if (ModelOf(name) is not { } type)
        {
            return null;
        }

        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var described))
            {
                var sample = Sample(type, "")!;
                described = Cache[name] = (sample, FieldsOf(type, sample));
            }

            return described;
        }
    }

    private static IEnumerable<PropertyInfo> Serialized(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p =>
                p.GetIndexParameters().Length == 0
                && p.GetMethod is { IsPublic: true }
                && p.GetCustomAttribute<JsonIgnoreAttribute>() is null
                && p.Name != nameof(IDocumentModel.Template)
            );

    private static List<DocumentTemplateField> FieldsOf(Type type, object? value) =>
        Serialized(type).Select(p => Field(CamelCase(p.Name), p.PropertyType, value is null ? null : p.GetValue(value)))
            .ToList();

    private static DocumentTemplateField Field(string name, Type type, object? value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var kind = KindOf(type);
        return kind switch
        {
            DocumentTemplateFieldType.Object => new(name, kind, null, FieldsOf(type, value), null),
            DocumentTemplateFieldType.List => new(
                name,
                kind,
                null,
                [],
                Field("item", ItemOf(type), (value as IEnumerable)?.Cast<object?>().FirstOrDefault())
            ),
            _ => new(name, kind, Print(value), [], null),
        };
    }

    private static DocumentTemplateFieldType KindOf(Type type) =>
        type switch
        {
            _ when type == typeof(string) || type.IsEnum || type == typeof(Guid) => DocumentTemplateFieldType.String,
            _ when type == typeof(int) || type == typeof(long) => DocumentTemplateFieldType.Integer,
            _ when type == typeof(decimal) || type == typeof(double) => DocumentTemplateFieldType.Number,
            _ when type == typeof(DateOnly) || type == typeof(DateTimeOffset) => DocumentTemplateFieldType.Date,
            _ when type == typeof(bool) => DocumentTemplateFieldType.Boolean,
            _ when typeof(IEnumerable).IsAssignableFrom(type) => DocumentTemplateFieldType.List,
            _ => DocumentTemplateFieldType.Object,
        };

    private static Type ItemOf(Type list) =>
        list.IsArray ? list.GetElementType()!
        : list.IsGenericType ? list.GetGenericArguments()[0]
        : typeof(object);

    private static string? Print(object? value) =>
        value switch
        {
            null => null,
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
            bool flag => flag ? "true" : "false",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

    /// <summary>A sample value of a type: a string is its path, a number 12 345,67 (a whole one 2), a date
    /// 2026-11-22, a list two items, a record made through its widest constructor.</summary>
    private static object? Sample(Type type, string path)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        switch (KindOf(type))
        {
            case DocumentTemplateFieldType.String:
                return type.IsEnum ? Enum.GetValues(type).GetValue(0)
                    : type == typeof(Guid) ? Guid.Empty
                    : path;
            case DocumentTemplateFieldType.Integer:
                return Convert.ChangeType(2, type, CultureInfo.InvariantCulture);
            case DocumentTemplateFieldType.Number:
                return Convert.ChangeType(12_345.67m, type, CultureInfo.InvariantCulture);
            case DocumentTemplateFieldType.Date:
                return type == typeof(DateOnly)
                    ? SampleDate
                    : new DateTimeOffset(SampleDate, new TimeOnly(12, 0), TimeSpan.Zero);
            case DocumentTemplateFieldType.Boolean:
                return true;
            case DocumentTemplateFieldType.List:
                var item = ItemOf(type);
                var items = Array.CreateInstance(item, 2);
                items.SetValue(Sample(item, path + "[]"), 0);
                items.SetValue(Sample(item, path + "[]"), 1);
                return type.IsArray ? items : Activator.CreateInstance(typeof(List<>).MakeGenericType(item), items);
            default:
                var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
                var prefix = path.Length == 0 ? "" : path + ".";
                return constructor.Invoke(
                    constructor
                        .GetParameters()
                        .Select(p => Sample(p.ParameterType, prefix + CamelCase(p.Name!)))
                        .ToArray()
                );
        }
    }

    private static string CamelCase(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
