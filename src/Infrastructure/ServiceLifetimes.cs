namespace MakCrm.Infrastructure;

/// <summary>
/// A service of this assembly with one instance per scope (a request, a worker's round), registered by scanning
/// (<see cref="DependencyInjection"/>) as itself and as the ports it implements. A class that implements a port needs
/// no mark to be scoped; a class with no port is a service only when marked.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class ScopedAttribute : Attribute;

/// <summary>
/// A service of this assembly with one instance for the process, registered by scanning
/// (<see cref="DependencyInjection"/>) as itself and as the ports it implements: it keeps no request's state and
/// depends on no scoped service.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class SingletonAttribute : Attribute;
