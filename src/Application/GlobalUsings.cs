// Namespaces most of this project's files use, imported once for all of them.
global using FluentValidation;
global using MakCrm.Application.Abstractions.Messaging;
global using MakCrm.Application.Abstractions.Persistence;
global using MakCrm.Application.Abstractions.Security;
global using MakCrm.Application.Common;
global using MakCrm.Domain.Common;
