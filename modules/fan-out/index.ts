export { FanOut } from "./fan-out";
export type { FanOutBackupProps, FanOutDestination, FanOutDestinationBase, FanOutHttpEndpoint, FanOutProps, FanOutRedshift, FanOutS3Backup, FanOutSplunk } from "./fan-out";
