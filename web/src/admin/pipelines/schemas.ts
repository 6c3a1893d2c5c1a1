import { z } from 'zod';

const wholeNumber = /^\d+$/;

/** A stage as its form holds it (text inputs) and as the API takes it (numbers; no rotting days when left empty). */
export const stageSchema = z.object({
  name: z.string().trim().min(1, 'Give the stage a name.').max(100, 'At most 100 characters.'),
  probability: z
    .string()
    .trim()
    .refine((s) => wholeNumber.test(s) && Number(s) <= 100, 'A whole percentage from 0 to 100.')
    .transform(Number),
  rottingDays: z
    .string()
    .trim()
    .refine(
      (s) => s === '' || (wholeNumber.test(s) && Number(s) >= 1 && Number(s) <= 3650),
      'Whole days from 1 to 3650, or empty for never.',
    )
    .transform((s) => (s === '' ? undefined : Number(s))),
});
export type StageInput = z.input<typeof stageSchema>;
export type StageValues = z.output<typeof stageSchema>;

export const emptyStage: StageInput = { name: '', probability: '', rottingDays: '' };

/** The form's text of a stored stage. */
export function stageInput(stage: { name?: string; probability?: number; rottingDays?: number }): StageInput {
  return {
    name: stage.name ?? '',
    probability: String(stage.probability ?? 0),
    rottingDays: stage.rottingDays === undefined || stage.rottingDays === null ? '' : String(stage.rottingDays),
  };
}

export const pipelineNameSchema = z.object({
  name: z.string().trim().min(1, 'Give the pipeline a name.').max(100, 'At most 100 characters.'),
});
export type PipelineNameInput = z.input<typeof pipelineNameSchema>;

/** A new pipeline: its name and at least one stage (at most 30), no two stages with the same name. */
export const newPipelineSchema = pipelineNameSchema
  .extend({
    stages: z.array(stageSchema).min(1, 'A pipeline needs at least one stage.').max(30, 'At most 30 stages.'),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.stages.forEach((stage, i) => {
      const key = stage.name.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['stages', i, 'name'], message: 'Another stage has this name.' });
      }
      seen.add(key);
    });
  });
export type NewPipelineInput = z.input<typeof newPipelineSchema>;
export type NewPipelineValues = z.output<typeof newPipelineSchema>;
