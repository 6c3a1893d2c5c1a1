import { Route, Routes } from 'react-router';
import { PipelineList } from './PipelineList';
import { CreatePipelinePage } from './CreatePipelinePage';
import { PipelineEditor } from './PipelineEditor';

/** /admin/pipelines: the list, /new and /:id (the editor of one pipeline and its stages). */
export default function PipelinesSection() {
  return (
    <Routes>
      <Route index element={<PipelineList />} />
      <Route path="new" element={<CreatePipelinePage />} />
      <Route path=":id" element={<PipelineEditor />} />
    </Routes>
  );
}
