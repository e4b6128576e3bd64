using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Query;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// Runs a composed query through an EF Core compiled query made once per <em>shape</em>: the query's expression tree
/// with every value the composition captured (a member read from a closure or another constant object: a filter's
/// value, a cursor, a page size) taken out as a parameter. A list request composes its query as before (the same
/// helpers, the same filters); instead of EF Core's per-execution parameter extraction and query cache lookup, which
/// walk and hash the whole tree with reflection and were most of a list's CPU in the API's process, one pass over the
/// tree here reads its shape and its values, and the shape's compiled query runs with those values.
/// <para>
/// The same query runs: EF Core translates the shape's tree once, with the values as SQL parameters exactly where its
/// own extraction puts them, and picks the SQL for each combination of null parameters as it does for every query.
/// A tree this pass does not understand (a node kind it does not read, a constant object used whole, a static member,
/// more than <see cref="MaxValues"/> values), or a shape EF Core cannot compile with parameters, runs the ordinary
/// way, so a query never fails for being compiled.
/// </para>
/// </summary>
internal static class CompiledShapes
{
    /// <summary>EF Core's compiled queries take at most fifteen parameters besides the context.</summary>
    public const int MaxValues = 15;

    /// <summary>Shapes kept at most: lists have a few dozen; past this a new shape runs the ordinary way.</summary>
    private const int MaxShapes = 2_000;

    private static readonly ConcurrentDictionary<Shape, CompiledShape?> Compiled = new();

    /// <summary>The rows of <paramref name="query"/>, through its shape's compiled query when it has one.</summary>
    public static async Task<List<T>> ToListCompiledAsync<T>(
        this IQueryable<T> query,
        MakCrmDbContext db,
        CancellationToken cancellationToken
    )
    {
        var rows = Run(query, db);
        if (rows is null)
        {
            return await query.ToListAsync(cancellationToken);
        }

        var list = new List<T>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            list.Add(row);
        }

        return list;
    }

    /// <summary>The rows of <paramref name="query"/> from its shape's compiled query, not yet read; null when the
    /// query runs the ordinary way.</summary>
    internal static IAsyncEnumerable<T>? Run<T>(IQueryable<T> query, MakCrmDbContext db)
    {
        var reading = ShapeReader.Read(query.Expression);
        if (reading is null)
        {
            return null;
        }

        if (!Compiled.TryGetValue(reading.Shape, out var compiled))
        {
            if (Compiled.Count >= MaxShapes)
            {
                return null;
            }

            compiled = CompiledShape.For<T>(query.Expression, reading);
            Compiled.TryAdd(reading.Shape, compiled);
        }

        if (compiled is null)
        {
            return null;
        }

        try
        {
            return (IAsyncEnumerable<T>)compiled.Run(db, reading.Values);
        }
        catch (InvalidOperationException)
        {
            // EF Core compiles the shape at its first run and refuses a tree it cannot translate with parameters (the
            // ordinary way evaluates such parts in the process): that shape runs the ordinary way from now on.
            Compiled[reading.Shape] = null;
            return null;
        }
    }

    /// <summary>A shape's compiled query and how to call it with an execution's values.</summary>
    private sealed class CompiledShape(Func<MakCrmDbContext, object?[], object> run)
    {
        public object Run(MakCrmDbContext db, object?[] values) => run(db, values);

        private static readonly MethodInfo[] CompileAsyncQuery = typeof(EF)
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == nameof(EF.CompileAsyncQuery) && m.IsGenericMethodDefinition)
            .Where(m => m.ReturnType.GetGenericArguments()[^1].GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
            .Where(m =>
                LambdaResult(m).IsGenericType && LambdaResult(m).GetGenericTypeDefinition() == typeof(IQueryable<>)
            )
            .ToArray();

        private static Type LambdaResult(MethodInfo method) =>
            method.GetParameters()[0].ParameterType.GetGenericArguments()[0].GetGenericArguments()[^1];

        /// <summary>The tree with its values as the lambda's parameters, compiled by EF Core; null when it has no
        /// overload for that many parameters.</summary>
        public static CompiledShape? For<T>(Expression expression, ShapeReader.Reading reading)
        {
            var context = Expression.Parameter(typeof(MakCrmDbContext), "context");
            var parameters = reading.ValueTypes.Select((type, i) => Expression.Parameter(type, "p" + i)).ToArray();
            var body = new ShapeTemplate(reading.Lifted, parameters).Visit(expression)!;
            var compile = CompileAsyncQuery.SingleOrDefault(m =>
                m.GetGenericArguments().Length == parameters.Length + 2
            );
            if (compile is null)
            {
                return null;
            }

            var delegateTypes = new[] { typeof(MakCrmDbContext) }.Concat(reading.ValueTypes).ToArray();
            var lambda = Expression.Lambda(
                Expression.GetFuncType([.. delegateTypes, typeof(IQueryable<T>)]),
                body,
                [context, .. parameters]
            );
            var query = (Delegate)compile.MakeGenericMethod([.. delegateTypes, typeof(T)]).Invoke(null, [lambda])!;

            // (db, values) => query(db, (T0)values[0], (T1)values[1], ...): a typed call, made once per shape.
            var db = Expression.Parameter(typeof(MakCrmDbContext), "db");
            var values = Expression.Parameter(typeof(object?[]), "values");
            var call = Expression.Invoke(
                Expression.Constant(query),
                [
                    db,
                    .. reading.ValueTypes.Select(
                        (type, i) => Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(i)), type)
                    ),
                ]
            );
            var run = Expression.Lambda<Func<MakCrmDbContext, object?[], object>>(call, db, values).Compile();
            return new CompiledShape(run);
        }
    }

    /// <summary>The tree with each lifted member read replaced by its parameter and each captured query
    /// inlined.</summary>
    private sealed class ShapeTemplate(IReadOnlyDictionary<Expression, int> lifted, ParameterExpression[] parameters)
        : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node)
        {
            if (node is not null && lifted.TryGetValue(node, out var index))
            {
                return parameters[index];
            }

            return node switch
            {
                MemberExpression member when ShapeReader.CapturedQuery(member) is { } query => Visit(query.Expression),
                ConstantExpression { Value: IQueryable query } => Visit(query.Expression),
                QueryRootExpression root => root.DetachQueryProvider(),
                _ => base.Visit(node),
            };
        }
    }
}

/// <summary>
/// One pass over a query's expression tree: its shape (everything but the captured values, as a comparable list of
/// tokens) and its values, in the order they were met. Null when the tree holds something this pass does not read.
/// </summary>
internal sealed class ShapeReader
{
    /// <summary>The tokens that would otherwise be boxed at every read: node kinds and small numbers.</summary>
    private static readonly object[] Kinds = Enumerable
        .Range(0, (int)Enum.GetValues<ExpressionType>().Max() + 1)
        .Select(kind => (object)(ExpressionType)kind)
        .ToArray();

    private static readonly object[] Numbers = [.. Enumerable.Range(0, 64).Select(number => (object)number)];

    private readonly List<object?> tokens = new(256);
    private readonly List<object?> values = [];
    private readonly List<Type> valueTypes = [];
    private readonly Dictionary<Expression, int> lifted = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ParameterExpression, int> parameters = [];

    /// <summary>What a read found: the shape, the values, their types, and which nodes they came from.</summary>
    public sealed record Reading(
        Shape Shape,
        object?[] Values,
        Type[] ValueTypes,
        IReadOnlyDictionary<Expression, int> Lifted
    );

    public static Reading? Read(Expression expression)
    {
        var reader = new ShapeReader();
        if (!reader.Add(expression) || reader.values.Count > CompiledShapes.MaxValues)
        {
            return null;
        }

        return new Reading(new Shape([.. reader.tokens]), [.. reader.values], [.. reader.valueTypes], reader.lifted);
    }

    /// <summary>The query a member read from a constant object holds (a subquery the composition captured), which
    /// stands in the tree for its own expression.</summary>
    public static IQueryable? CapturedQuery(MemberExpression member) =>
        TryEvaluate(member, out var value) ? value as IQueryable : null;

    private bool Add(Expression? node)
    {
        if (node is null)
        {
            tokens.Add(null);
            return true;
        }

        tokens.Add(Kinds[(int)node.NodeType]);
        tokens.Add(node.Type);
        switch (node)
        {
            case ConstantExpression constant:
                return AddConstant(constant);
            case ParameterExpression parameter:
                if (!parameters.TryGetValue(parameter, out var ordinal))
                {
                    ordinal = parameters.Count;
                    parameters.Add(parameter, ordinal);
                }

                tokens.Add(Number(ordinal));
                return true;
            case MemberExpression member:
                return AddMember(member);
            case MethodCallExpression call:
                tokens.Add(call.Method);
                return Add(call.Object) && AddAll(call.Arguments);
            case LambdaExpression lambda:
                tokens.Add(Number(lambda.Parameters.Count));
                foreach (var parameter in lambda.Parameters)
                {
                    Add(parameter);
                }

                return Add(lambda.Body);
            case UnaryExpression unary:
                tokens.Add(unary.Method);
                return Add(unary.Operand);
            case BinaryExpression binary:
                tokens.Add(binary.Method);
                tokens.Add(binary.IsLiftedToNull ? Numbers[1] : Numbers[0]);
                return binary.Conversion is null && Add(binary.Left) && Add(binary.Right);
            case ConditionalExpression conditional:
                return Add(conditional.Test) && Add(conditional.IfTrue) && Add(conditional.IfFalse);
            case NewExpression created:
                return AddNew(created);
            case MemberInitExpression init:
                return AddNew(init.NewExpression) && AddBindings(init.Bindings);
            case NewArrayExpression array:
                return AddAll(array.Expressions);
            case TypeBinaryExpression typeIs:
                tokens.Add(typeIs.TypeOperand);
                return Add(typeIs.Expression);
            case DefaultExpression:
                return true;
            case EntityQueryRootExpression root:
                tokens.Add(root.EntityType);
                return true;
            default:
                return false;
        }
    }

    private static object Number(int number) => number < Numbers.Length ? Numbers[number] : number;

    private bool AddAll(IReadOnlyList<Expression> nodes)
    {
        tokens.Add(Number(nodes.Count));
        foreach (var node in nodes)
        {
            if (!Add(node))
            {
                return false;
            }
        }

        return true;
    }

    private bool AddNew(NewExpression created)
    {
        tokens.Add(created.Constructor);
        if (created.Members is { } members)
        {
            tokens.AddRange(members);
        }

        return AddAll(created.Arguments);
    }

    private bool AddBindings(IReadOnlyList<MemberBinding> bindings)
    {
        tokens.Add(Number(bindings.Count));
        foreach (var binding in bindings)
        {
            if (binding is not MemberAssignment assignment)
            {
                return false;
            }

            tokens.Add(assignment.Member);
            if (!Add(assignment.Expression))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A constant is part of the shape when it is a literal (SQL gets it as one, as EF Core does with such
    /// constants) or <c>EF.Functions</c>; any other object must be read through a member, which lifts the
    /// value.</summary>
    private bool AddConstant(ConstantExpression constant)
    {
        switch (constant.Value)
        {
            case null:
                return true;
            case DbFunctions:
                return true;
            case IQueryable query:
                // A query made over objects in memory is a constant holding itself: not a database query.
                return query.Expression != constant && Add(query.Expression);
            case var value when IsLiteral(value.GetType()):
                tokens.Add(value);
                return true;
            default:
                return false;
        }
    }

    private bool AddMember(MemberExpression member)
    {
        tokens.Add(member.Member);
        if (member.Expression is null)
        {
            // A static member: EF.Functions only. Another (a static field a query reads) would be frozen into the
            // compiled query while EF Core reads it again at every execution.
            return member.Member.DeclaringType == typeof(EF);
        }

        if (!TryEvaluate(member, out var value))
        {
            return Add(member.Expression);
        }

        if (value is IQueryable query)
        {
            return query.Expression is not ConstantExpression && Add(query.Expression);
        }

        if (!lifted.TryGetValue(member, out var index))
        {
            index = values.Count;
            lifted.Add(member, index);
            values.Add(value);
            valueTypes.Add(member.Type);
        }

        tokens.Add(typeof(ShapeReader));
        tokens.Add(Number(index));
        return true;
    }

    /// <summary>The value of a member read from a constant object (directly or through other members); false when
    /// the read depends on anything else (a lambda's parameter, a query root).</summary>
    private static bool TryEvaluate(MemberExpression member, out object? value)
    {
        value = null;
        object? target;
        switch (member.Expression)
        {
            case ConstantExpression { Value: { } constant } when constant is not IQueryable:
                target = constant;
                break;
            case MemberExpression inner when TryEvaluate(inner, out var innerValue) && innerValue is not null:
                target = innerValue;
                break;
            default:
                return false;
        }

        switch (member.Member)
        {
            case FieldInfo field:
                value = field.GetValue(target);
                return true;
            case PropertyInfo { GetMethod.IsStatic: false } property when property.GetIndexParameters().Length == 0:
                value = property.GetValue(target);
                return true;
            default:
                return false;
        }
    }

    private static bool IsLiteral(Type type) =>
        type.IsPrimitive
        || type.IsEnum
        || type == typeof(string)
        || type == typeof(decimal)
        || type == typeof(Guid)
        || type == typeof(DateTime)
        || type == typeof(DateTimeOffset)
        || type == typeof(DateOnly)
        || type == typeof(TimeSpan);
}

/// <summary>A query's shape: the tokens of its tree, compared item by item, hashed once.</summary>
internal sealed class Shape(object?[] tokens) : IEquatable<Shape>
{
    private readonly object?[] tokens = tokens;
    private readonly int hash = HashOf(tokens);

    public bool Equals(Shape? other) =>
        other is not null && hash == other.hash && tokens.AsSpan().SequenceEqual(other.tokens);

    public override bool Equals(object? obj) => Equals(obj as Shape);

    public override int GetHashCode() => hash;

    private static int HashOf(object?[] tokens)
    {
        var hash = new HashCode();
        foreach (var token in tokens)
        {
            hash.Add(token);
        }

        return hash.ToHashCode();
    }
}
