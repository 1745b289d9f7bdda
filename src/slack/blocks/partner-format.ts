import { healthBand, type HealthBand } from '../../domain/partners/model';

/** How partner values read in Slack: badges and stage names, shared by every partner block. */
const BADGES: Record<HealthBand, string> = { green: '🟢', yellow: '🟡', red: '🔴', unset: '⚪' };

export const healthBadge = (health: number | null): string => BADGES[healthBand(health)];

export const healthText = (health: number | null): string =>
  health === null ? '⚪ not set' : `${healthBadge(health)} ${health}`;

export const stageText = (stage: string): string => stage.replace('_', ' ');
