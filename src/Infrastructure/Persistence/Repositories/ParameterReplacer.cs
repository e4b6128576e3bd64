using System.Linq.Expressions;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>Puts an expression where a lambda's parameter was, to compose query expressions.</summary>
internal sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
{
    protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
}
