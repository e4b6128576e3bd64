using MakCrm.Application.Common;
using MakCrm.Application.Help;
using MakCrm.Domain.Help;
using MakCrm.Domain.Organizations;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;
