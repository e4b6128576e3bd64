// Namespaces most of this project's files use, imported once for all of them.
global using MakCrm.Application.Abstractions.Messaging;
global using MakCrm.Application.Common;
global using MakCrm.WebApi.Http;
global using Microsoft.AspNetCore.Http.HttpResults;
