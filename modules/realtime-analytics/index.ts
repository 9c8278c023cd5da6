export { OPENSEARCH_DEFAULT_ENGINE_VERSION, SecureOpenSearchDomain } from "./domain";
export type { OpenSearchDomainVpcProps, OpenSearchLogType, SecureOpenSearchDomainProps } from "./domain";
export { REALTIME_COST_OPTIMIZED, REALTIME_LOW_LATENCY } from "./presets";
export type { RealtimeBufferingPreset } from "./presets";
export { RealtimeAnalytics } from "./realtime-analytics";
export type { ExistingOpenSearchDomain, RealtimeAnalyticsProps, RoleMappingOutputProps } from "./realtime-analytics";
export { firehoseOpenSearchRoleName, firehoseRoleMapping, roleMappingRequests } from "./role-mapping";
export type { OpenSearchRoleMapping, OpenSearchSecurityRole, SecurityApiRequest } from "./role-mapping";
export type { OpenSearchFormatterProps } from "./formatter";
