import { Result, type ResultProps } from 'antd';

/** Full-page 403/404 notices (loaded lazily: Result's illustrations stay out of the entry). */
export default function StatusResult(props: ResultProps) {
  return <Result {...props} />;
}
