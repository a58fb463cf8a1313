import { MESSAGE_TYPES } from '../../robot/index.js';

/**
 * Robots behind a rosbridge, from a rosapi/topics answer: every namespace `/<r>` that publishes
 * `/<r>/status` as ward_interfaces RobotStatus. rosapi may spell the type with or without `/msg/`.
 */
export function robotsFromTopics(topics: readonly string[], types: readonly string[]): string[] {
  const wanted = normalizeType(MESSAGE_TYPES.status);
  const found = new Set<string>();
  topics.forEach((topic, i) => {
    const m = /^\/([A-Za-z][A-Za-z0-9_]*)\/status$/.exec(topic);
    if (m?.[1] && normalizeType(types[i] ?? '') === wanted) found.add(m[1]);
  });
  return [...found].sort();
}

function normalizeType(type: string): string {
  const parts = type.replace(/^\//, '').split('/');
  return parts.length === 2 ? `${parts[0]}/msg/${parts[1]}` : parts.join('/');
}
