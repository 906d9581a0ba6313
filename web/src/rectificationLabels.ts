// 整改 (rectification work orders): labels and colours, so no raw code reaches the screen.
export const RECTIFICATION_STATUS_LABELS: Record<string, string> = { issued: '待整改', responded: '待核验', closed: '已办结' };
export const RECTIFICATION_STATUS_COLORS: Record<string, string> = { issued: 'orange', responded: 'blue', closed: 'green' };
export const RECTIFICATION_SOURCE_LABELS: Record<string, string> = { manual: '手工下发', finding: '风险发现', inspection: '检查评分', provincial: '省平台问题清单' };
export const RECTIFICATION_ACTION_LABELS: Record<string, string> = { issue: '下发', respond: '反馈整改情况', accept: '核验通过', return: '退回重改' };
